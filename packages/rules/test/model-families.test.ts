import { describe, expect, it } from "vitest";
import { fp16UnsafeFamilyIn, fp16UnsafeFamilyOfId, fp16UnsafeFamilyOfType } from "../src/shared/model-families.js";
import { pinnedBelow } from "../src/precision/bf16-emulation-check.js";

describe("fp16-unsafe model families", () => {
  it.each([
    ["google/flan-t5-base", "T5"],
    ["t5-small", "T5"],
    ["google/t5-v1_1-xl", "T5"],
    ["google/mt5-base", "T5"],
    ["google/byt5-small", "T5"],
    ["google/long-t5-tglobal-base", "T5"],
    ["google/gemma-2-9b-it", "Gemma-2/3/4"],
    ["google/gemma-3-1b-it", "Gemma-2/3/4"],
    ["google/gemma-3n-E4B-it", "Gemma-2/3/4"],
    ["unsloth/gemma-2-2b-bnb-4bit", "Gemma-2/3/4"],
    ["openai/gpt-oss-20b", "gpt-oss"],
    ["Qwen/Qwen3-30B-A3B", "Qwen3-MoE/Qwen3.5"],
    ["Qwen/Qwen3-235B-A22B-Instruct-2507", "Qwen3-MoE/Qwen3.5"],
    ["Qwen/Qwen3.5-9B", "Qwen3-MoE/Qwen3.5"],
    ["THUDM/glm-4-9b-chat", "GLM-4"],
    ["zai-org/GLM-4.5-Air", "GLM-4"],
    ["./checkpoints/flan-t5-large/", "T5"],
  ])("%s is %s", (id, family) => {
    expect(fp16UnsafeFamilyOfId(id)?.name).toBe(family);
  });

  it.each([
    "google/gemma-2b", // Gemma 1 (2B parameters)
    "google/gemma-7b",
    "Qwen/Qwen3-8B",
    "Qwen/Qwen2.5-7B-Instruct",
    "meta-llama/Llama-3.1-8B",
    "THUDM/chatglm3-6b",
    "gpt2",
    "bert5-base",
    "microsoft/phi-2",
  ])("%s is none of them", (id) => {
    expect(fp16UnsafeFamilyOfId(id)).toBeUndefined();
  });

  it("reads config.json model types", () => {
    expect(fp16UnsafeFamilyOfType("gemma3_text")?.name).toBe("Gemma-2/3/4");
    expect(fp16UnsafeFamilyOfType("t5")?.name).toBe("T5");
    expect(fp16UnsafeFamilyOfType("llama")).toBeUndefined();
    expect(fp16UnsafeFamilyOfType(undefined)).toBeUndefined();
  });

  it("finds a family's id in code, configs and command lines, not in class names", () => {
    expect(fp16UnsafeFamilyIn('model = AutoModelForSeq2SeqLM.from_pretrained("google/flan-t5-base")')?.name).toBe("T5");
    expect(fp16UnsafeFamilyIn("base_model: google/gemma-2-2b\nbf16: true\n")?.name).toBe("Gemma-2/3/4");
    expect(fp16UnsafeFamilyIn("python train.py --model_name_or_path=Qwen/Qwen3-30B-A3B --bf16")?.name).toBe("Qwen3-MoE/Qwen3.5");
    expect(fp16UnsafeFamilyIn("from transformers import T5ForConditionalGeneration, Gemma3ForCausalLM")).toBeUndefined();
    expect(fp16UnsafeFamilyIn('model = from_pretrained("meta-llama/Llama-3.1-8B")')).toBeUndefined();
  });
});

describe("pinnedBelow", () => {
  it.each([
    ["==2.1.2", true],
    ["==2.3.0", false],
    ["==2.1.*", true],
    ["<2.3", true],
    ["<2.3.1", false],
    ["<=2.2.2", true],
    ["<=2.3", false],
    [">=2.0,<2.3", true],
    [">=2.0", false],
    ["~=2.1.0", true],
    ["~=2.1", false],
    ["~=2.3.0", false],
  ])("%s below 2.3: %s", (spec, below) => {
    expect(pinnedBelow(spec, [2, 3])).toBe(below);
  });
});
