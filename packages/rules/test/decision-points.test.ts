import { readFileSync } from "node:fs";
import { adapterFor, loadParsers, processDocument, type Parsers } from "@gpu-compat/engine";
import { findRule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "./fixtures.js";

// What the fixtures cannot show: which lines a hint-only rule reports, and the words of its messages.
let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

function run(ruleIds: string[], targetName: string, text: string) {
  const target = resolveTarget(targetName);
  const rules = ruleIds.map((id) => findRule(id)!).filter((rule) => rule.appliesTo(target));
  return processDocument(adapterFor("python", parsers), "train.py", text, { target, rules, mode: "fix" });
}

describe("capability-assert", () => {
  const text = readFileSync(`${FIXTURES_DIR}capability-assert/hint-asserts.input.py`, "utf8");

  it("reports each stop that fails on a T4, as an error with the capability asked for", () => {
    const { findings } = run(["capability-assert"], "t4", text);
    expect(findings.map((f) => f.start.line)).toEqual([3, 8, 13, 18, 23]);
    expect(findings.every((f) => f.severity === "error" && !f.fixable)).toBe(true);
    expect(findings[0]!.message).toBe("This assert requires compute capability 8.0 or newer (the target has 7.5): on Tesla T4 (compute capability 7.5) it stops the run here.");
    expect(findings[1]!.message).toContain("This check raises and requires compute capability 8.0 or newer");
    expect(findings[2]!.message).toContain("requires native bf16");
    expect(findings[2]!.message).toContain("counts emulated bf16 and passes instead");
  });

  it("says nothing where the GPU passes the checks", () => {
    expect(run(["capability-assert"], "a100", text).findings).toEqual([]);
    expect(run(["capability-assert"], "h100", text).findings).toEqual([]);
  });

  it("reads a minimum below Ampere against the target", () => {
    const volta = "import torch\nassert torch.cuda.get_device_capability()[0] >= 7\nassert cc >= 70\n";
    expect(run(["capability-assert"], "t4", volta).findings).toEqual([]);
    // On a P100 the first fails; `cc` is no name the file assigns from a hardware check, so the second says nothing.
    expect(run(["capability-assert"], "p100", volta).findings.map((f) => f.start.line)).toEqual([2]);
    const p100 = run(["capability-assert"], "p100", "import torch\nassert torch.cuda.get_device_capability()[0] >= 7\n").findings;
    expect(p100.map((f) => f.message)).toEqual([
      "This assert requires compute capability 7.0 or newer (the target has 6.0): on Tesla P100 (compute capability 6.0) it stops the run here.",
    ]);
  });

  it("leaves the bf16 after a failing assert to bf16-dtype, which rewrites it", () => {
    const outcome = run(["capability-assert", "bf16-dtype"], "t4", "import torch\n\ndef load(model):\n    assert torch.cuda.is_bf16_supported()\n    return model.to(torch.bfloat16)\n");
    expect(outcome.findings.map((f) => f.rule)).toEqual(["capability-assert", "bf16-dtype"]);
    expect(outcome.fixed).toContain("model.to(torch.float32)");
  });
});

describe("bf16-dtype: model loads whose dtype is not certain", () => {
  it("hints with both choices and the break-even size when the model's size is unknown", () => {
    const { findings, fixed } = run(["bf16-dtype"], "t4", "import torch\nfrom transformers import AutoModel\n\ndef load(path):\n    return AutoModel.from_pretrained(path, torch_dtype=torch.bfloat16)\n");
    expect(fixed).toBeUndefined();
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).not.toContain("instead");
    expect(findings[0]!.hint).toBe(
      "The model's size is unknown here, so no dtype is certain: float32 (exact, 4 bytes per parameter) fits the 15 GiB of the Tesla T4 up to ~3.36B parameters, float16 up to ~6.71B. Use float32 for a smaller model, float16 above that.",
    );
  });

  it("never pairs float16 weights with the fp16 mixed precision of a full fine-tune", () => {
    const text = readFileSync(`${FIXTURES_DIR}bf16-dtype/hint-full-fine-tune.input.py`, "utf8");
    const [finding] = run(["bf16-dtype"], "t4", text).findings;
    expect(finding!.message).toContain("meta-llama/Llama-2-7b-hf (7B parameters, from its name) needs ~31 GiB in float32, more than the 15 GiB of the Tesla T4; fully fine-tuning it needs ~105 GiB (~16 bytes per parameter, before activations), which does not fit.");
    expect(finding!.hint).toMatch(/^Not rewritten: full fine-tuning needs float32 trainable weights: under fp16 mixed precision float16 ones stop with `ValueError: Attempting to unscale FP16 gradients.`, and without it they train in pure float16, which loses most updates, and those do not fit\./);
    expect(finding!.fixable).toBe(false);
  });

  it("forced precision still rewrites: --precision fp16 is the user's decision", () => {
    const target = resolveTarget("t4");
    const text = "import torch\nfrom transformers import AutoModel\nm = AutoModel.from_pretrained(path, torch_dtype=torch.bfloat16)\n";
    const outcome = processDocument(adapterFor("python", parsers), "train.py", text, { target, rules: [findRule("bf16-dtype")!], mode: "fix", precision: "fp16" });
    expect(outcome.fixed).toContain("torch.float16");
  });
});

describe("bf16-dtype: bf16 chosen by a precision switch", () => {
  const uses = "dtype = torch.bfloat16 if args.bf16 else torch.float32\nif args.bf16:\n    model.to(torch.bfloat16)\n";

  it("notes a switch set outside the file once, at its first use, and edits nothing", () => {
    const { findings, fixed } = run(["bf16-dtype"], "t4", `import torch\n\n${uses}`);
    expect(fixed).toBeUndefined();
    expect(findings.map((f) => [f.start.line, f.severity])).toEqual([[3, "info"]]);
    expect(findings[0]!.message).toContain("chosen by `args.bf16` (in 2 places of this file)");
  });

  it("points at an argparse default that turns the switch on", () => {
    const parser = 'import argparse\nimport torch\nparser = argparse.ArgumentParser()\nparser.add_argument("--bf16", type=bool, default=True)\nargs = parser.parse_args()\n';
    const { findings, fixed } = run(["bf16-dtype"], "t4", parser + uses);
    expect(fixed).toBeUndefined();
    expect(findings.map((f) => [f.start.line, f.severity])).toEqual([[4, "warning"]]);
    expect(findings[0]!.message).toBe(
      "`args.bf16` defaults to true here, which picks bfloat16 in 2 places in this file, but Tesla T4 (compute capability 7.5) has no bf16 tensor cores (they need compute capability 8.0), so bf16 runs emulated and slow, or kernels refuse it.",
    );
  });

  it("says nothing when the switch is off unless the run turns it on", () => {
    const parser = 'import argparse\nimport torch\nparser = argparse.ArgumentParser()\nparser.add_argument("--bf16", action="store_true")\nargs = parser.parse_args()\n';
    expect(run(["bf16-dtype"], "t4", parser + uses).findings).toEqual([]);
  });
});
