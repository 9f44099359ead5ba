import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kindOfPath, runProject } from "@gpu-compat/engine";
import { resolveTarget } from "@gpu-compat/targets";
import { describe, expect, it } from "vitest";
import { writeTree } from "./tree.js";

const README = [
  "# Fine-tuning",
  "",
  "Train in bf16 on an A100:",
  "",
  "```bash",
  "accelerate launch --mixed_precision bf16 train.py",
  "```",
  "",
  "or, on a node:",
  "",
  "```console",
  "$ torchrun --nproc_per_node 8 train.py \\",
  "    --bf16 True",
  "```",
  "",
].join("\n");

describe("Markdown files", () => {
  it("reads READMEs anywhere and Markdown under docs/, nothing else", () => {
    expect(kindOfPath("README.md")).toBe("markdown");
    expect(kindOfPath("examples/lora/readme.md")).toBe("markdown");
    expect(kindOfPath("docs/train.md")).toBe("markdown");
    expect(kindOfPath("docs/source/en/train.md")).toBe("markdown");
    expect(kindOfPath("examples/docs/train.md")).toBe("markdown");
    for (const path of ["CHANGELOG.md", "notes/train.md", "mydocs/train.md", "docs/train.rst", "README.rst"]) expect(kindOfPath(path), path).toBeNull();
  });

  it("reads the pages of a docs/ folder given as the root, and a page given alone", async () => {
    const root = writeTree({ "docs/guide/train.md": "```bash\naccelerate launch --mixed_precision bf16 train.py\n```\n", "notes/train.md": "```bash\naccelerate launch --mixed_precision bf16 train.py\n```\n" });
    for (const checked of [join(root, "docs"), join(root, "docs", "guide", "train.md")]) {
      const result = await runProject({ root: checked, target: resolveTarget("t4"), mode: "check" });
      expect(result.files.flatMap((file) => file.findings.map((f) => f.rule)), checked).toEqual(["accelerate-bf16"]);
    }
    const notes = await runProject({ root: join(root, "notes"), target: resolveTarget("t4"), mode: "check" });
    expect(notes.summary.filesDiscovered).toBe(0);
  });

  it("gives hints on the README's own lines, and `fix` does not rewrite it, whatever the hint-only setting", async () => {
    const root = writeTree({ "README.md": README, "notes/train.md": "```bash\naccelerate launch --mixed_precision bf16 train.py\n```\n", "train.py": "print('train')\n" });
    for (const hintOnly of [undefined, []]) {
      const result = await runProject({ root, target: resolveTarget("t4x2"), mode: "fix", ...(hintOnly ? { hintOnly } : {}) });
      expect(result.diagnostics).toEqual([]);
      expect(readFileSync(join(root, "README.md"), "utf8")).toBe(README);
      expect(result.files.map((file) => file.path)).toEqual(["README.md"]);
      const findings = result.files[0]!.findings;
      expect(findings.map((f) => [f.rule, f.start.line, f.start.column])).toEqual([
        ["accelerate-bf16", 6, 19],
        ["launcher-gpu-count", 12, 12],
        ["trainer-bf16", 13, 5],
      ]);
      for (const finding of findings) {
        expect(finding.fixable).toBe(false);
        expect(finding.hint).toMatch(/^Not rewritten: it is documentation, shown to readers rather than run, so gpu-compat does not edit it; change the command where you run it\. The fix would change /);
      }
      expect(result.summary.filesChanged).toBe(0);
    }
  });

  it("never reports a README as broken: blocks that do not parse are left out, the others are read", async () => {
    const text = [
      "```bash",
      "python train.py --model <path to model> --bf16 True |",
      "```",
      "```bash",
      "if [ -n \"$X\" ]; then",
      "```",
      "```bash",
      "accelerate launch --mixed_precision bf16 train.py --model <model_path> ...",
      "```",
      "",
    ].join("\n");
    const root = writeTree({ "README.md": text, "docs/only-broken.md": "```sh\ntorchrun --bf16 True (\n```\n" });
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "check" });
    expect(result.diagnostics).toEqual([]);
    expect(result.files.flatMap((file) => file.findings.map((f) => `${file.path}:${f.start.line} ${f.rule}`))).toEqual(["README.md:8 accelerate-bf16"]);
  });

  it("reads a block whose last line ends in a continuation `\\` as that command", async () => {
    const root = writeTree({ "README.md": "```bash\npython train.py --bf16 True\\\n```\nMore prose.\n" });
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "check" });
    expect(result.diagnostics).toEqual([]);
    expect(result.files.flatMap((file) => file.findings.map((f) => `${f.rule} ${f.start.line}:${f.start.column}`))).toEqual(["trainer-bf16 2:17"]);
  });

  it("honours `# gpu-compat: ignore` inside a block, and `<!-- gpu-compat: ignore-file -->` above the blocks", async () => {
    const root = writeTree({
      "README.md": "```bash\naccelerate launch --mixed_precision bf16 train.py  # gpu-compat: ignore\n```\n",
      "docs/a100.md": "# On an A100\n\n<!-- gpu-compat: ignore-file -->\n\n```bash\naccelerate launch --mixed_precision bf16 train.py\n```\n",
    });
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "check" });
    expect(result.files.flatMap((file) => file.findings)).toEqual([]);
  });
});
