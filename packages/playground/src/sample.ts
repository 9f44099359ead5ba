// What the page shows before anything is pasted: a short fine-tuning script written for an A100.
export const SAMPLE_NAME = "train.py";
export const SAMPLE_TARGET = "kaggle-t4x2";
export const SAMPLE_SOURCE = `import torch
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

model = AutoModelForCausalLM.from_pretrained(
    "Qwen/Qwen2.5-0.5B-Instruct",
    torch_dtype=torch.bfloat16,
    attn_implementation="flash_attention_2",
)
args = TrainingArguments(output_dir="out", per_device_train_batch_size=4, bf16=True, tf32=True)
Trainer(model=model, args=args).train()
`;
