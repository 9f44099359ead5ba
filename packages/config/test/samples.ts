/** Configs as their tools write them (trimmed), for kind detection and edit tests. */

// `accelerate config` output, as in LLaMA-Factory's examples/accelerate/fsdp_config.yaml.
export const ACCELERATE_FSDP = `compute_environment: LOCAL_MACHINE
debug: false
distributed_type: FSDP
downcast_bf16: 'no'
fsdp_config:
  fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP
  fsdp_sharding_strategy: FULL_SHARD
  fsdp_use_orig_params: true
machine_rank: 0
main_training_function: main
mixed_precision: bf16  # or fp16
num_machines: 1  # the number of nodes
num_processes: 2  # the number of GPUs in all nodes
rdzv_backend: static
same_network: true
tpu_env: []
use_cpu: false
`;

// A DeepSpeed ZeRO-2 config as the HF integration docs write them.
export const DEEPSPEED_ZERO2 = `{
  "bf16": {
    "enabled": true
  },
  "zero_optimization": {
    "stage": 2,
    "overlap_comm": true,
    "contiguous_gradients": true,
    "reduce_bucket_size": "auto"
  },
  "gradient_accumulation_steps": "auto",
  "train_micro_batch_size_per_gpu": "auto",
  "wall_clock_breakdown": false
}
`;

// A small DeepSpeed config with only precision blocks.
export const DEEPSPEED_PRECISION_ONLY = `{"fp16": {"enabled": "auto", "loss_scale": 0}, "bf16": {"enabled": "auto"}}`;

// Axolotl, as its examples/llama-3/lora-1b.yml.
export const AXOLOTL_LORA = `base_model: NousResearch/Llama-3.2-1B

load_in_8bit: false
load_in_4bit: false

datasets:
  - path: teknium/GPT4-LLM-Cleaned
    type: alpaca
val_set_size: 0.1
output_dir: ./outputs/lora-out

adapter: lora
lora_r: 16
lora_alpha: 32
sequence_len: 2048
sample_packing: true

gradient_accumulation_steps: 2
micro_batch_size: 2
num_epochs: 1
optimizer: adamw_8bit
learning_rate: 0.0002

bf16: auto
tf32: false

gradient_checkpointing: true
flash_attention: true
`;

// LLaMA-Factory, as its examples/train_lora/qwen3_lora_sft.yaml.
export const LLAMA_FACTORY_SFT = `### model
model_name_or_path: Qwen/Qwen3-4B-Instruct-2507
trust_remote_code: true

### method
stage: sft
do_train: true
finetuning_type: lora
lora_rank: 8
lora_target: all

### dataset
dataset: identity,alpaca_en_demo
template: qwen3_nothink
cutoff_len: 2048

### output
output_dir: saves/qwen3-4b/lora/sft
report_to: none  # choices: [none, wandb, tensorboard, swanlab, mlflow]

### train
per_device_train_batch_size: 1
gradient_accumulation_steps: 8
learning_rate: 1.0e-4
bf16: true
resume_from_checkpoint: null
`;

// An alignment-handbook / TRL recipe, read by HfArgumentParser.
export const TRL_RECIPE = `# Model arguments
model_name_or_path: mistralai/Mistral-7B-v0.1
torch_dtype: bfloat16
attn_implementation: flash_attention_2

# SFT trainer config
bf16: true
do_eval: true
gradient_accumulation_steps: 2
learning_rate: 2.0e-05
output_dir: data/zephyr-7b-sft-full
per_device_train_batch_size: 16
`;

// A training-arguments JSON for `HfArgumentParser.parse_json_file`.
export const TRAINING_ARGS_JSON = `{
  "output_dir": "out",
  "per_device_train_batch_size": 4,
  "bf16": true,
  "tf32": true
}
`;

// A model's config.json.
export const MODEL_CONFIG = `{
  "architectures": ["LlamaForCausalLM"],
  "hidden_size": 2048,
  "model_type": "llama",
  "torch_dtype": "bfloat16",
  "transformers_version": "4.45.0",
  "vocab_size": 128256
}
`;

export const GITHUB_WORKFLOW = `name: ci
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python train.py --bf16
`;

// A LitGPT config_hub file, read by `litgpt finetune lora --config`.
export const LITGPT_LORA = `# The path to the base model's checkpoint directory to load for finetuning.
checkpoint_dir: checkpoints/meta-llama/Meta-Llama-3-8B
out_dir: out/finetune/lora-llama-3-8b
precision: bf16-true
devices: 1
lora_r: 32
`;
