import { inferenceGiB, parametersFromConfig, parametersFromModelId, type ModelConfig } from "@gpu-compat/rules";
import { describe, expect, it } from "vitest";

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
