import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProject } from "@gpu-compat/engine";
import { resolveTarget } from "@gpu-compat/targets";
import { describe, expect, it } from "vitest";

// A 7B load written for an A100: bf16 weights, moved to one GPU, inputs sent to "cuda".
const SCRIPT = `import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

model_id = "Qwen/Qwen2.5-7B-Instruct"
tokenizer = AutoTokenizer.from_pretrained(model_id)
model = AutoModelForCausalLM.from_pretrained(model_id, torch_dtype=torch.bfloat16).to("cuda")
model.eval()

inputs = tokenizer("Hello", return_tensors="pt").to("cuda")
output = model.generate(**inputs, max_new_tokens=20)
print(tokenizer.decode(output[0]))
`;

// bf16-dtype makes the weights float16 (7B in float32, ~31 GiB, is more than the two T4s' 30 GiB); device-map-auto
// spreads the ~16 GiB of float16 over both GPUs, drops the move to one GPU and sends the inputs to the model.
const FIXED = `import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

model_id = "Qwen/Qwen2.5-7B-Instruct"
tokenizer = AutoTokenizer.from_pretrained(model_id)
model = AutoModelForCausalLM.from_pretrained(model_id, torch_dtype=torch.float16, device_map="auto")
model.eval()

inputs = tokenizer("Hello", return_tensors="pt").to(model.device)
output = model.generate(**inputs, max_new_tokens=20)
print(tokenizer.decode(output[0]))
`;

describe("every rule together on a 7B load for two T4s", () => {
  it("converges: bf16-dtype and device-map-auto agree, and a second fix changes nothing", async () => {
    const root = mkdtempSync(join(tmpdir(), "gpu-compat-device-map-"));
    writeFileSync(join(root, "infer.py"), SCRIPT);
    const target = resolveTarget("t4x2");

    const first = await runProject({ root, target, mode: "fix" });
    expect(first.diagnostics).toEqual([]);
    expect(readFileSync(join(root, "infer.py"), "utf8")).toBe(FIXED);
    const rules = first.files.flatMap((f) => f.findings.filter((finding) => finding.applied).map((finding) => finding.rule));
    expect(rules.sort()).toEqual(["bf16-dtype", "device-map-auto"]);
    const spread = first.files[0]!.findings.find((f) => f.rule === "device-map-auto")!;
    expect(spread.message).toContain("needs ~16 GiB in bfloat16, more than one Tesla T4's 15 GiB but within the 2 x 15 GiB of the target");

    const second = await runProject({ root, target, mode: "fix" });
    expect(second.diagnostics).toEqual([]);
    expect(second.files.every((f) => f.fixed === undefined)).toBe(true);
    expect(second.files.flatMap((f) => f.findings).filter((f) => f.fixable)).toEqual([]);
    expect(readFileSync(join(root, "infer.py"), "utf8")).toBe(FIXED);
  });
});
