import { detectKind, KIND_MARKERS, type TopLevel } from "@gpu-compat/config";
import { describe, expect, it } from "vitest";

/** Every top-level key detectKind reads, and a few it does not. */
const KEYS = [
  ...new Set([
    ...Object.values(KIND_MARKERS).flat(),
    ...["mixed_precision", "num_processes", "num_machines", "machine_rank", "main_training_function", "use_cpu"],
    ...["datasets", "micro_batch_size", "sequence_len", "num_epochs", "adapter", "sample_packing", "flash_attention", "lora_r", "val_set_size", "load_in_4bit", "load_in_8bit"],
    ...["stage", "finetuning_type", "template", "hidden_size", "vocab_size", "num_hidden_layers", "transformers_version", "d_model"],
    ...["precision", "checkpoint_dir", "initial_checkpoint_dir", "model_name", "devices", "num_nodes"],
    ...["per_device_train_batch_size", "learning_rate", "num_train_epochs", "max_steps", "gradient_accumulation_steps", "do_train", "logging_steps", "save_steps"],
    ...["seed", "--bf16", "base_model_name_or_path", "model", "tokenizer"],
  ]),
];

/** A small deterministic generator (mulberry32), so that a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("KIND_MARKERS", () => {
  it("names a key every config of each kind has: detectKind never tells a kind without one of its markers", () => {
    const next = random(15);
    for (let sample = 0; sample < 5000; sample++) {
      const keys = new Set(KEYS.filter(() => next() < 0.15));
      const mappings = new Set([...keys].filter(() => next() < 0.5));
      const top: TopLevel = { keys, isMapping: (key) => mappings.has(key) };
      const kind = detectKind(top);
      if (kind === "unknown") continue;
      expect(KIND_MARKERS[kind].some((marker) => keys.has(marker)), `${kind} from ${[...keys].join(", ")}`).toBe(true);
    }
  });

  it("is needed: each kind is told from one marker and the keys that go with it", () => {
    const told = (keys: string[], mapping: string[] = []) => detectKind({ keys: new Set(keys), isMapping: (key) => mapping.includes(key) });
    expect(told(["compute_environment"])).toBe("accelerate");
    expect(told(["bf16"], ["bf16"])).toBe("deepspeed");
    expect(told(["base_model", "datasets"])).toBe("axolotl");
    expect(told(["model_name_or_path", "stage"])).toBe("llama-factory");
    expect(told(["model_type", "hidden_size"])).toBe("model-config");
    expect(told(["out_dir", "precision", "devices"])).toBe("litgpt");
    expect(told(["output_dir", "learning_rate"])).toBe("training-arguments");
    expect(told(["checkpointer", "model", "output_dir", "gradient_accumulation_steps"], ["checkpointer", "model"])).toBe("torchtune");
  });
});
