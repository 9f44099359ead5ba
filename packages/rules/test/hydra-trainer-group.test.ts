import { adapterFor, loadParsers, processDocument, type Parsers } from "@gpu-compat/engine";
import { findRule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";

// A Hydra `trainer/` group file inherits its `_target_` from the group's default (`defaults: [default]`): the path
// tells that it builds a Lightning Trainer, which a fixture (always `case.yaml`) cannot show.
let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

const GPU_YAML = `defaults:
  - default

accelerator: gpu
devices: 1
precision: bf16-mixed
`;

function run(path: string, text = GPU_YAML) {
  const rule = findRule("lightning-bf16")!;
  return processDocument(adapterFor("yaml", parsers), path, text, { target: resolveTarget("t4"), rules: [rule], mode: "fix" });
}

describe("lightning-bf16 in a Hydra trainer group", () => {
  it("rewrites the precision of configs/trainer/gpu.yaml", () => {
    const outcome = run("configs/trainer/gpu.yaml");
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.fixed).toBe(GPU_YAML.replace("bf16-mixed", "16-mixed"));
  });

  it("leaves the same keys alone outside a trainer group", () => {
    expect(run("configs/model/gpu.yaml").findings).toHaveLength(0);
  });

  it("leaves a trainer group file without a Lightning-only key alone", () => {
    expect(run("configs/trainer/hf.yaml", "defaults:\n  - default\nprecision: bf16\nnum_train_epochs: 3\n").findings).toHaveLength(0);
  });
});
