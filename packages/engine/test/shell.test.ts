import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProject } from "@gpu-compat/engine";
import { resolveTarget } from "@gpu-compat/targets";
import { describe, expect, it } from "vitest";

// A launch script as a model repo ships it: a comment and an echo that mention the flags.
const SCRIPT = [
  "#!/usr/bin/env bash",
  "# written for an A100: --bf16 True --tf32 True",
  "torchrun --nproc_per_node 2 train.py \\",
  "  --model_name_or_path Qwen/Qwen2-0.5B \\",
  "  --torch_dtype bfloat16 \\",
  '  --bf16 "True" \\',
  "  --tf32 True \\",
  "  --attn_implementation flash_attention_2",
  'echo "done: --bf16 True"',
  "",
].join("\n");

const FIXED = [
  "#!/usr/bin/env bash",
  "# written for an A100: --bf16 True --tf32 True",
  "torchrun --nproc_per_node 1 train.py \\",
  "  --model_name_or_path Qwen/Qwen2-0.5B \\",
  "  --torch_dtype float32 \\",
  '  --fp16 "True" \\',
  "  --tf32 False \\",
  "  --attn_implementation sdpa",
  'echo "done: --bf16 True"',
  "",
].join("\n");

describe("shell scripts", () => {
  it("`fix` on a directory rewrites its .sh and .bash files, keeping their mode, and settles", async () => {
    const root = mkdtempSync(join(tmpdir(), "gpu-compat-shell-"));
    mkdirSync(join(root, "scripts"));
    writeFileSync(join(root, "scripts", "train.sh"), SCRIPT);
    writeFileSync(join(root, "run.bash"), "accelerate launch --mixed_precision bf16 train.py\n");
    writeFileSync(join(root, "notes.txt"), "accelerate launch --mixed_precision bf16 train.py\n");
    chmodSync(join(root, "scripts", "train.sh"), 0o755);

    const t4 = resolveTarget("t4");
    const result = await runProject({ root, target: t4, mode: "fix" });
    expect(result.diagnostics).toEqual([]);
    expect(readFileSync(join(root, "scripts", "train.sh"), "utf8")).toBe(FIXED);
    expect(statSync(join(root, "scripts", "train.sh")).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(root, "run.bash"), "utf8")).toBe("accelerate launch --mixed_precision fp16 train.py\n");
    expect(readFileSync(join(root, "notes.txt"), "utf8")).toBe("accelerate launch --mixed_precision bf16 train.py\n");
    const rules = result.files.flatMap((file) => file.findings.map((finding) => `${file.path}:${finding.start.line}:${finding.rule}`)).sort();
    expect(rules).toEqual([
      "run.bash:1:accelerate-bf16",
      "scripts/train.sh:3:launcher-gpu-count",
      "scripts/train.sh:5:bf16-dtype",
      "scripts/train.sh:6:trainer-bf16",
      "scripts/train.sh:7:tf32",
      "scripts/train.sh:8:flash-attention-2",
    ]);

    const again = await runProject({ root, target: t4, mode: "check" });
    expect(again.summary.findings).toBe(0);
  });

  it("a CRLF script, which bash does not run as written, gets hints and no edit", async () => {
    const root = mkdtempSync(join(tmpdir(), "gpu-compat-shell-"));
    const crlf = SCRIPT.replace(/\n/g, "\r\n");
    writeFileSync(join(root, "train.sh"), crlf);
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "fix" });
    expect(result.diagnostics).toEqual([]);
    expect(readFileSync(join(root, "train.sh"), "utf8")).toBe(crlf);
    const findings = result.files.flatMap((file) => file.findings);
    expect(findings.length).toBeGreaterThan(3);
    for (const finding of findings) {
      expect(finding.fixable).toBe(false);
      expect(finding.hint).toMatch(/^Not rewritten: it has CRLF line ends/);
    }
  });

  it("a script whose last line ends in a continuation backslash is read as bash reads it", async () => {
    const root = mkdtempSync(join(tmpdir(), "gpu-compat-shell-"));
    writeFileSync(join(root, "a.sh"), "accelerate launch train.py \\\n  --mixed_precision bf16 \\");
    writeFileSync(join(root, "b.sh"), "accelerate launch --mixed_precision bf16 train.py \\\n");
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "fix" });
    expect(result.diagnostics).toEqual([]);
    expect(readFileSync(join(root, "a.sh"), "utf8")).toBe("accelerate launch train.py \\\n  --mixed_precision fp16 \\");
    expect(readFileSync(join(root, "b.sh"), "utf8")).toBe("accelerate launch --mixed_precision fp16 train.py \\\n");
  });
});
