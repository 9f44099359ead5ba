import { loadPythonParser, PythonSource, type PythonParser, type SyntaxNode } from "@gpu-compat/python";
import {
  bytesPerParameter,
  fullFineTuneGiB,
  inferenceGiB,
  loadWeightsOf,
  loraGiB,
  parametersFromConfig,
  parametersFromModelId,
  quantizedDtype,
  type ModelConfig,
} from "@gpu-compat/rules";
import { beforeAll, describe, expect, it } from "vitest";

const GiB = 1024 ** 3;

// config.json fields of real checkpoints, with the parameter counts their model cards publish (billions).
const PUBLISHED: [string, ModelConfig, number][] = [
  ["Llama-2-7B", { hidden_size: 4096, num_hidden_layers: 32, intermediate_size: 11008, vocab_size: 32000, num_attention_heads: 32, num_key_value_heads: 32 }, 6.74],
  ["Llama-2-13B", { hidden_size: 5120, num_hidden_layers: 40, intermediate_size: 13824, vocab_size: 32000, num_attention_heads: 40, num_key_value_heads: 40 }, 13.0],
  ["Llama-3-8B", { hidden_size: 4096, num_hidden_layers: 32, intermediate_size: 14336, vocab_size: 128256, num_attention_heads: 32, num_key_value_heads: 8 }, 8.03],
  ["Llama-3.2-1B", { hidden_size: 2048, num_hidden_layers: 16, intermediate_size: 8192, vocab_size: 128256, num_attention_heads: 32, num_key_value_heads: 8, tie_word_embeddings: true }, 1.24],
  ["Mistral-7B-v0.1", { hidden_size: 4096, num_hidden_layers: 32, intermediate_size: 14336, vocab_size: 32000, num_attention_heads: 32, num_key_value_heads: 8 }, 7.24],
  ["Mixtral-8x7B", { hidden_size: 4096, num_hidden_layers: 32, intermediate_size: 14336, vocab_size: 32000, num_attention_heads: 32, num_key_value_heads: 8, num_local_experts: 8 }, 46.7],
  ["Qwen2.5-7B", { hidden_size: 3584, num_hidden_layers: 28, intermediate_size: 18944, vocab_size: 152064, num_attention_heads: 28, num_key_value_heads: 4 }, 7.62],
  ["Qwen2.5-0.5B", { hidden_size: 896, num_hidden_layers: 24, intermediate_size: 4864, vocab_size: 151936, num_attention_heads: 14, num_key_value_heads: 2, tie_word_embeddings: true }, 0.494],
  ["TinyLlama-1.1B", { hidden_size: 2048, num_hidden_layers: 22, intermediate_size: 5632, vocab_size: 32000, num_attention_heads: 32, num_key_value_heads: 4 }, 1.1],
  ["Gemma-2B", { hidden_size: 2048, num_hidden_layers: 18, intermediate_size: 16384, vocab_size: 256000, num_attention_heads: 8, num_key_value_heads: 1, tie_word_embeddings: true }, 2.51],
  ["Phi-3-mini", { hidden_size: 3072, num_hidden_layers: 32, intermediate_size: 8192, vocab_size: 32064, num_attention_heads: 32, num_key_value_heads: 32 }, 3.82],
];

describe("parameters from config.json", () => {
  it.each(PUBLISHED)("%s is within 1%% of its published size", (_name, config, billions) => {
    const estimate = parametersFromConfig(config)!;
    expect(estimate.source).toBe("config.json");
    expect(Math.abs(estimate.parameters / (billions * 1e9) - 1)).toBeLessThan(0.01);
  });

  it("is unknown without the fields that decide the size", () => {
    expect(parametersFromConfig({ hidden_size: 4096 })).toBeUndefined();
  });
});

describe("parameters from a model id", () => {
  it.each([
    ["Qwen/Qwen2.5-7B-Instruct", 7e9, "model id"],
    ["meta-llama/Llama-3.2-1B", 1e9, "model id"],
    ["Qwen/Qwen2.5-0.5B-Instruct", 0.5e9, "model id"],
    ["facebook/opt-350m", 350e6, "model id"],
    ["google/gemma-2-2b-it", 2e9, "model id"],
    ["mistralai/Mixtral-8x7B-Instruct-v0.1", 46.7e9, "known model"],
    ["gpt2", 124e6, "known model"],
    // "39B" is the samples seen in training, not the size.
    ["laion/CLIP-ViT-bigG-14-laion2B-39B-b160k", 2.54e9, "known model"],
    ["openai/clip-vit-large-patch14", 428e6, "known model"],
    ["gpt2-medium", 355e6, "known model"],
    ["microsoft/phi-2", 2.78e9, "known model"],
    ["bert-base-uncased", 110e6, "known model"],
  ] as const)("%s", (id, parameters, source) => {
    expect(parametersFromModelId(id)).toEqual({ parameters, source });
  });

  it("knows nothing about ids without a size", () => {
    expect(parametersFromModelId("my-org/my-finetune")).toBeUndefined();
    expect(parametersFromModelId("./checkpoints/latest")).toBeUndefined();
  });
});

describe("inference memory", () => {
  it("counts 4 bytes a parameter in float32 and 2 in float16, plus 20% overhead", () => {
    expect(inferenceGiB(1e9, "float32")).toBeCloseTo((4e9 * 1.2) / 1024 ** 3, 6);
    expect(inferenceGiB(7e9, "float16")).toBeCloseTo(15.65, 1);
  });
});

describe("bytes per parameter", () => {
  it("follows docs/gpu-facts.md: 4 in float32, 2 in float16/bfloat16, 1 in 8 bits, 0.5 in 4 bits", () => {
    expect(["float32", "float16", "bfloat16", "int8", "int4"].map((d) => bytesPerParameter(d as never))).toEqual([4, 2, 2, 1, 0.5]);
    expect(quantizedDtype(4)).toBe("int4");
    expect(quantizedDtype(8)).toBe("int8");
  });

  it("gives a 7B model ~3.9 GiB in 4 bits and ~7.8 GiB in 8 bits for inference, with the same 20% overhead", () => {
    expect(inferenceGiB(7e9, "int4")).toBeCloseTo((7e9 * 0.5 * 1.2) / GiB, 6);
    expect(inferenceGiB(7e9, "int4")).toBeCloseTo(3.91, 2);
    expect(inferenceGiB(7e9, "int8")).toBeCloseTo(7.82, 2);
  });
});

describe("training memory", () => {
  it("counts 16 bytes a parameter for full fine-tuning with Adam in mixed precision, before activations", () => {
    expect(fullFineTuneGiB(1e9)).toBeCloseTo(16e9 / GiB, 6);
    expect(fullFineTuneGiB(7e9)).toBeCloseTo(104.3, 1);
  });

  it("counts frozen weights in their dtype plus adapters at 16 bytes for LoRA, 1% of the model unless told", () => {
    const adapters = (7e9 * 0.01 * 16) / GiB;
    expect(loraGiB(7e9, "float16")).toBeCloseTo(inferenceGiB(7e9, "float16") + adapters, 6);
    // QLoRA: the same adapters on 4-bit weights.
    expect(loraGiB(7e9, "int4")).toBeCloseTo(3.91 + adapters, 2);
    expect(loraGiB(7e9, "int4", { adapterParameters: 40e6 })).toBeCloseTo(inferenceGiB(7e9, "int4") + (40e6 * 16) / GiB, 6);
    expect(loraGiB(7e9, "int4", { adapterFraction: 0.001 })).toBeLessThan(loraGiB(7e9, "int4"));
  });

  it("makes QLoRA of a 7B model fit a T4 where full fine-tuning needs seven of them", () => {
    expect(loraGiB(7e9, "int4")).toBeLessThan(15);
    expect(fullFineTuneGiB(7e9) / 15).toBeGreaterThan(6);
  });
});

describe("the weights a from_pretrained call loads", () => {
  let parser: PythonParser;
  beforeAll(async () => {
    parser = await loadPythonParser();
  });

  /** The last from_pretrained call of a snippet. */
  function weightsOf(code: string) {
    const text = `import torch\nfrom transformers import AutoModelForCausalLM, BitsAndBytesConfig, GPTQConfig\n${code}\n`;
    const source = new PythonSource(text, parser.parse(text).root);
    const call = source.root.descendantsOfType("call").filter((c): c is SyntaxNode => !!c && c.text.includes(".from_pretrained(")).at(-1)!;
    return loadWeightsOf(source, call);
  }
  const load = (args: string) => `m = AutoModelForCausalLM.from_pretrained("x-7b", ${args})`;

  it.each([
    ["torch_dtype=torch.float16", "float16"],
    ["torch_dtype=torch.half", "float16"],
    ["torch_dtype=torch.bfloat16", "bfloat16"],
    ['torch_dtype="bfloat16"', "bfloat16"],
    ["torch_dtype=torch.float32", "float32"],
    ["torch_dtype=torch.float", "float32"],
    ["dtype=torch.float16", "float16"],
    ["load_in_4bit=True", "int4"],
    ["load_in_8bit=True", "int8"],
    ["quantization_config=BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=torch.float16)", "int4"],
    ["torch_dtype=torch.float16, quantization_config=BitsAndBytesConfig(load_in_8bit=True)", "int8"],
  ])("%s -> %s", (args, dtype) => {
    const weights = weightsOf(load(args))!;
    expect([weights.low, weights.high]).toEqual([dtype, dtype]);
  });

  it("follows names assigned once: a dtype and a BitsAndBytesConfig", () => {
    expect(weightsOf(`DTYPE = torch.float16\n${load("torch_dtype=DTYPE")}`)?.high).toBe("float16");
    expect(weightsOf(`bnb = BitsAndBytesConfig(load_in_4bit=True)\n${load("quantization_config=bnb")}`)?.high).toBe("int4");
  });

  it("spans 2 to 4 bytes when the dtype is left open: absent (float32 in transformers 4, the checkpoint's in 5), auto, computed", () => {
    for (const args of ["trust_remote_code=True", 'torch_dtype="auto"', "torch_dtype=pick_dtype()"]) {
      const weights = weightsOf(load(args))!;
      expect([weights.low, weights.high]).toEqual(["float16", "float32"]);
    }
  });

  it("is unknown for quantization it does not model or cannot read", () => {
    expect(weightsOf(load("quantization_config=GPTQConfig(bits=4)"))).toBeUndefined();
    expect(weightsOf(load("quantization_config=make_config()"))).toBeUndefined();
    expect(weightsOf(`bnb = BitsAndBytesConfig(load_in_4bit=True)\nbnb = BitsAndBytesConfig(load_in_8bit=True)\n${load("quantization_config=bnb")}`)).toBeUndefined();
  });
});
