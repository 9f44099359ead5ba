import { beforeAll, describe, expect, it } from "vitest";
import { loadParsers, runOnText, type Parsers, type TextOutcome } from "@gpu-compat/engine";
import { resolveTarget } from "@gpu-compat/targets";

// runOnText is what the browser playground runs (on web-tree-sitter, as here): `gpu-compat fix` on one file.
let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers("wasm");
});

function fixed(outcome: TextOutcome) {
  if ("unsupported" in outcome || "failed" in outcome) throw new Error(JSON.stringify(outcome));
  return outcome;
}

describe("runOnText", () => {
  const t4 = resolveTarget("t4");
  const text = 'import torch\nx = torch.ones(2, dtype=torch.bfloat16)\n';

  it("fixes a text as `gpu-compat fix` fixes the file, and says which findings were applied", () => {
    const outcome = fixed(runOnText({ path: "train.py", text, target: t4, parsers }));
    expect(outcome.fixed).toBe('import torch\nx = torch.ones(2, dtype=torch.float32)\n');
    expect(outcome.findings.map((f) => [f.rule, f.applied])).toEqual([["bf16-dtype", true]]);
  });

  it("reads the kind from the name, and leaves tests and targets with bf16 as they are", () => {
    expect(fixed(runOnText({ path: "tests/test_model.py", text, target: t4, parsers })).fixed).toBeUndefined();
    expect(fixed(runOnText({ path: "tests/test_model.py", text, target: t4, parsers })).findings[0]?.hint).toMatch(/^Not rewritten: it is a test/);
    expect(fixed(runOnText({ path: "train.py", text, target: resolveTarget("a100"), parsers })).findings).toEqual([]);
    expect(runOnText({ path: "notes.txt", text, target: t4, parsers })).toEqual({ unsupported: expect.stringContaining("not a kind of file gpu-compat reads") });
  });
});
