import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it, expect } from "vitest";
import { countFindings, type Diagnostic, type FileResult, type Finding, type RunResult } from "@gpu-compat/engine";
import type { Target } from "@gpu-compat/targets";
import { formatPatch, renderJson, renderMarkdown, renderText, summaryLine, unifiedDiff } from "../src/index.js";

const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
// Doc links name the release tag of this version, not main.
const DOCS = `https://github.com/gpu-compat/gpu-compat/blob/v${version}/packages/rules/docs`;

// ---------------------------------------------------------------------------------------------- factories

function t4x2(platform = true): Target {
  return {
    name: platform ? "kaggle-t4x2" : "t4x2",
    gpu: {
      id: "t4",
      name: "Tesla T4",
      arch: "Turing",
      computeCapability: { major: 7, minor: 5 },
      memoryGiB: 15,
      maxSharedMemoryPerBlock: 65536,
      features: { bf16: false, tf32: false, fp8: false, fp16TensorCores: true, flashAttention2: false, triton: true, currentTorchWheels: true },
    },
    count: 2,
    ...(platform ? { platform: { id: "kaggle", name: "Kaggle", cpus: 4, ramGiB: 29, shmGiB: 8, notes: [] } } : {}),
  };
}

function finding(path: string, rule: string, line: number, column: number, extra: Partial<Finding> = {}): Finding {
  return {
    rule,
    path,
    start: { line, column },
    end: { line, column: column + 14 },
    severity: "warning",
    message: `message of ${rule}`,
    fixable: true,
    ...extra,
  };
}

function run(files: FileResult[], extra: Partial<RunResult> = {}): RunResult {
  const findings = files.flatMap((f) => f.findings);
  const mode = extra.mode ?? "fix";
  const { total, byRule, bySeverity } = countFindings(findings, mode);
  const diagnostics: Diagnostic[] = extra.diagnostics ?? [];
  return {
    root: "/repo",
    target: t4x2(),
    mode,
    dryRun: false,
    files,
    diagnostics,
    skipped: [],
    summary: {
      filesDiscovered: 12,
      filesParsed: 5,
      filesChanged: files.filter((f) => f.original !== undefined && f.original !== f.fixed).length,
      filesWithFindings: files.filter((f) => f.findings.length > 0).length,
      findings: total.found,
      fixed: total.fixed,
      fixable: total.fixable,
      notApplied: total.notApplied,
      hints: total.hints,
      bySeverity,
      byRule,
      diagnostics: diagnostics.length,
      durationMs: 42,
    },
    ...extra,
  };
}

const trainOriginal = 'import torch\nmodel = model.to(torch.bfloat16)\nprint("ok")\n';
const trainFixed = 'import torch\nmodel = model.to(torch.float16)\nprint("ok")\n';

/** A fix-mode run: two changed files (one with a hint too), one file with a hint only, one diagnostic. */
function sampleRun(): RunResult {
  const train: FileResult = {
    path: "src/train.py",
    original: trainOriginal,
    fixed: trainFixed,
    written: true,
    findings: [
      finding("src/train.py", "bf16-model-dtype", 2, 18, { applied: true, message: "T4 has no bf16 tensor cores." }),
    ],
  };
  const model: FileResult = {
    path: "model.py",
    original: "a = 1\nattn = 'flash_attention_2'",
    fixed: "a = 1\nattn = 'sdpa'",
    written: true,
    findings: [
      finding("model.py", "flash-attention-2", 2, 8, { applied: true }),
      finding("model.py", "torch-compile", 1, 1, {
        fixable: false,
        severity: "info",
        hint: "Use `mode=\"reduce-overhead\"`.",
        message: "Compile | slow on T4.",
      }),
      finding("model.py", "tf32-matmul", 1, 1, { applied: false }),
    ],
  };
  const config: FileResult = {
    path: "configs/train.yaml",
    findings: [finding("configs/train.yaml", "bf16-model-dtype", 3, 1, { fixable: false, hint: "Set dtype: fp16." })],
  };
  const clean: FileResult = { path: "util.py", findings: [] };
  return run([train, model, config, clean], {
    diagnostics: [{ path: "broken.py", kind: "syntax-error", message: "invalid syntax at 3:1" }],
  });
}

// ---------------------------------------------------------------------------------------------- diffs

describe("unifiedDiff", () => {
  it("renders a git-style diff of a changed file", () => {
    const diff = unifiedDiff({ path: "src/train.py", original: trainOriginal, fixed: trainFixed, findings: [] });
    expect(diff).toBe(
      [
        "--- a/src/train.py",
        "+++ b/src/train.py",
        "@@ -1,3 +1,3 @@",
        " import torch",
        "-model = model.to(torch.bfloat16)",
        "+model = model.to(torch.float16)",
        ' print("ok")',
        "",
      ].join("\n"),
    );
  });

  it("is empty when the file did not change", () => {
    expect(unifiedDiff({ path: "a.py", findings: [] })).toBe("");
    expect(unifiedDiff({ path: "a.py", original: "x\n", fixed: "x\n", findings: [] })).toBe("");
  });

  it("honours the context size", () => {
    const original = ["1", "2", "3", "4", "5", "6", "7", ""].join("\n");
    const fixed = original.replace("4", "four");
    const diff = unifiedDiff({ path: "n.py", original, fixed, findings: [] }, 1);
    expect(diff).toContain("@@ -3,3 +3,3 @@\n 3\n-4\n+four\n 5\n");
  });

  it("marks a missing final newline", () => {
    const diff = unifiedDiff({ path: "x.py", original: "a\nb", fixed: "a\nB", findings: [] });
    expect(diff).toBe("--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+B\n\\ No newline at end of file\n");
  });

  it("keeps CRLF line endings in the + lines", () => {
    const diff = unifiedDiff({ path: "w.py", original: "a\r\nb\r\nc\r\n", fixed: "a\r\nB\r\nc\r\n", findings: [] });
    expect(diff).toContain("-b\r\n+B\r\n");
    expect(diff.startsWith("--- a/w.py\n+++ b/w.py\n")).toBe(true);
  });
});

describe("formatPatch", () => {
  it("concatenates changed files in path order", () => {
    const patch = formatPatch(sampleRun());
    expect(patch.indexOf("--- a/model.py")).toBe(0);
    expect(patch).toContain("--- a/src/train.py");
    expect(patch).not.toContain("configs/train.yaml");
    expect(patch).not.toContain("=====");
    expect(patch.endsWith("\n")).toBe(true);
  });

  it("is empty when nothing changed", () => {
    expect(formatPatch(run([{ path: "a.py", findings: [] }]))).toBe("");
  });

  const git = spawnSync("git", ["--version"]);
  it.skipIf(git.status !== 0)("applies with git apply, including CRLF and files without a final newline", () => {
    const files: FileResult[] = [
      { path: "src/train.py", original: trainOriginal, fixed: trainFixed, findings: [] },
      { path: "noeol.py", original: "a\nb", fixed: "a\nB", findings: [] },
      { path: "add-eol.py", original: "a\nb", fixed: "a\nb\n", findings: [] },
      { path: "crlf.py", original: "x\r\ny = bf16\r\nz\r\n", fixed: "x\r\ny = fp16\r\nz\r\n", findings: [] },
    ];
    const dir = mkdtempSync(join(tmpdir(), "gpu-compat-report-"));
    try {
      for (const file of files) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.original ?? "");
      }
      writeFileSync(join(dir, "fix.patch"), formatPatch(run(files)));
      const applied = spawnSync("git", ["apply", "fix.patch"], { cwd: dir, encoding: "utf8" });
      expect(applied.stderr).toBe("");
      expect(applied.status).toBe(0);
      for (const file of files) expect(readFileSync(join(dir, file.path), "utf8")).toBe(file.fixed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------- markdown

describe("renderMarkdown", () => {
  const titles = { "bf16-model-dtype": "bf16 model weights", "torch-compile": "torch.compile | Inductor" };
  const md = renderMarkdown(sampleRun(), { ruleTitles: titles });

  it("shows the target profile", () => {
    expect(md.startsWith("# gpu-compat report\n")).toBe(true);
    expect(md).toContain("2 x Tesla T4 (Turing, compute capability 7.5, 15 GiB each) on Kaggle");
    for (const row of [
      "| Target | kaggle-t4x2 |",
      "| GPU | Tesla T4 (t4) |",
      "| Count | 2 |",
      "| Architecture | Turing |",
      "| Compute capability | 7.5 |",
      "| Memory per GPU | 15 GiB |",
      "| Shared memory per block | 64 KB |",
      "| bf16 | no |",
      "| TF32 | no |",
      "| FlashAttention-2 | no |",
      "| Triton (torch.compile) | yes |",
      "| Platform | Kaggle (4 CPUs, 29 GiB RAM, 8 GiB /dev/shm) |",
    ]) {
      expect(md).toContain(row);
    }
  });

  it("omits the platform row when the target has none", () => {
    const result = { ...sampleRun(), target: t4x2(false) };
    expect(renderMarkdown(result)).not.toContain("| Platform |");
  });

  it("states the mode and dry run", () => {
    expect(md).toContain("Mode: `fix` (changed files were written)");
    expect(renderMarkdown({ ...sampleRun(), dryRun: true })).toContain("Mode: `fix`, dry run (no files were written)");
    expect(renderMarkdown({ ...sampleRun(), mode: "check" })).toContain("Mode: `check`");
  });

  it("summarises the run", () => {
    for (const item of [
      "- Files scanned: 12",
      "- Files parsed: 5",
      "- Files changed: 2",
      "- Findings: 5",
      "- Fixed: 2",
      "- Not applied: 1",
      "- Hints: 2",
      "- Diagnostics: 1",
    ]) {
      expect(md).toContain(item);
    }
  });

  it("explains each rule once, with its counts, docs link and title, and one short line per site", () => {
    const sections = [...md.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(sections.slice(0, 4)).toEqual([
      `[\`bf16-model-dtype\`](${DOCS}/bf16-model-dtype.md): bf16 model weights`,
      `[\`flash-attention-2\`](${DOCS}/flash-attention-2.md)`,
      `[\`tf32-matmul\`](${DOCS}/tf32-matmul.md)`,
      `[\`torch-compile\`](${DOCS}/torch-compile.md): torch.compile | Inductor`,
    ]);
    const bf16 = md.slice(md.indexOf("### [`bf16-model-dtype`]"), md.indexOf("### [`flash-attention-2`]"));
    expect(bf16).toContain("2 found: 1 fixed, 1 hint.");
    // Two messages, once each: the shorter explains the rule; the other site says its own.
    expect(bf16).toContain("\nmessage of bf16-model-dtype\n");
    expect(bf16.split("\n").filter((line) => line.startsWith("- "))).toEqual([
      "- [`configs/train.yaml:3`](configs/train.yaml#L3) · warning · hint (in Still to do)",
      "- [`src/train.py:2`](src/train.py#L2) · warning · fixed · T4 has no bf16 tensor cores.",
    ]);
    expect(md).toContain("1 found: 1 not applied.");
  });

  it("says a repeated message once: the sites of a rule get no copy of it", () => {
    const long = "bf16=True stops transformers on this GPU, because it has no bf16 tensor cores, so bf16 runs emulated and slow; using fp16 instead.";
    const files = ["a.py", "b.py", "c.py"].map((path) => ({ path, findings: [finding(path, "trainer-bf16", 3, 1, { applied: true, message: long })] }));
    const text = renderMarkdown(run(files));
    expect(text.split(long).length - 1).toBe(1);
    expect(text).toContain("- [`a.py:3`](a.py#L3) · warning · fixed\n- [`b.py:3`](b.py#L3) · warning · fixed\n- [`c.py:3`](c.py#L3) · warning · fixed");
  });

  it("shows each changed file's diff under Changes, sorted by path", () => {
    const changes = md.slice(md.indexOf("## Changes"), md.indexOf("## Summary"));
    expect([...changes.matchAll(/^### `(.+)`$/gm)].map((m) => m[1])).toEqual(["model.py", "src/train.py"]);
    expect(changes).toContain("```diff\n--- a/model.py\n+++ b/model.py\n@@ -1,2 +1,2 @@\n a = 1\n-attn = 'flash_attention_2'\n\\ No newline at end of file\n+attn = 'sdpa'\n\\ No newline at end of file\n```");
    expect(md).not.toContain("util.py");
  });

  it("lists diagnostics", () => {
    expect(md).toContain("## Diagnostics");
    expect(md).toContain("- `broken.py` (syntax-error): invalid syntax at 3:1");
    const noDiagnostics = renderMarkdown({ ...sampleRun(), diagnostics: [] });
    expect(noDiagnostics).not.toContain("## Diagnostics");
  });

  it("says plainly when there are no findings", () => {
    const clean = renderMarkdown(run([{ path: "util.py", findings: [] }]));
    expect(clean).toContain("**Runs as it is** on kaggle-t4x2: nothing in this repository needs changing to run on kaggle-t4x2.");
    expect(clean).not.toContain("## Still to do");
    expect(clean).not.toContain("## Why, rule by rule");
    expect(clean).not.toContain("## Changes");
    expect(clean).toContain("| Compute capability | 7.5 |");
  });

  it("is deterministic, apart from the generatedAt line", () => {
    const shuffled = sampleRun();
    shuffled.files.reverse();
    for (const file of shuffled.files) file.findings.reverse();
    expect(renderMarkdown(shuffled, { ruleTitles: titles })).toBe(md);
    const stamped = renderMarkdown(sampleRun(), { generatedAt: "2025-01-02T03:04:05Z" });
    expect(stamped).toContain("_Generated 2025-01-02T03:04:05Z_");
    expect(md).not.toContain("Generated");
  });

  it("uses a longer fence when the diff holds a fence", () => {
    const file: FileResult = {
      path: "README.md",
      original: "```python\nx = torch.bfloat16\n```\n",
      fixed: "```python\nx = torch.float16\n```\n",
      findings: [finding("README.md", "bf16-model-dtype", 2, 5, { applied: true })],
    };
    expect(renderMarkdown(run([file]))).toContain("````diff\n--- a/README.md");
  });
});

// ---------------------------------------------------------------------------------------------- json

describe("renderJson", () => {
  it("has exactly the documented shape", () => {
    const json = JSON.parse(renderJson(sampleRun(), { version: "1.2.3" }));
    expect(Object.keys(json)).toEqual([
      "schemaVersion",
      "tool",
      "version",
      "root",
      "mode",
      "dryRun",
      "target",
      "summary",
      "findings",
      "diagnostics",
      "skipped",
      "timing",
    ]);
    expect(json.schemaVersion).toBe(2);
    expect(json.tool).toBe("gpu-compat");
    expect(json.version).toBe("1.2.3");
    expect(json.root).toBe("/repo");
    expect(json.mode).toBe("fix");
    expect(json.dryRun).toBe(false);
    expect(json.target).toEqual({ name: "kaggle-t4x2", gpu: "t4", count: 2, computeCapability: "7.5", platform: "kaggle" });
    expect(json.summary.findings).toBe(5);
    // The duration differs on every run: out of the summary, so that two runs' outputs diff cleanly.
    expect(json.summary).not.toHaveProperty("durationMs");
    expect(json.timing).toEqual({ durationMs: 42 });
    expect(json.diagnostics).toEqual([{ path: "broken.py", kind: "syntax-error", message: "invalid syntax at 3:1" }]);
    expect(json.skipped).toEqual([]);
  });

  it("lists findings sorted, with 1-based positions, hint only when present, applied in fix mode", () => {
    const json = JSON.parse(renderJson(sampleRun()));
    expect(json.version).toBe("0.1.0");
    expect(json.findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`)).toEqual([
      "configs/train.yaml:3",
      "model.py:1",
      "model.py:1",
      "model.py:2",
      "src/train.py:2",
    ]);
    expect(json.findings[0]).toEqual({
      rule: "bf16-model-dtype",
      path: "configs/train.yaml",
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 15,
      severity: "warning",
      message: "message of bf16-model-dtype",
      hint: "Set dtype: fp16.",
      fixable: false,
      applied: false,
      url: `${DOCS}/bf16-model-dtype.md`,
    });
    expect(Object.keys(json.findings[4])).toEqual([
      "rule",
      "path",
      "line",
      "column",
      "endLine",
      "endColumn",
      "severity",
      "message",
      "fixable",
      "applied",
      "url",
    ]);
    expect(json.findings[4].applied).toBe(true);
  });

  it("leaves out applied in check mode and platform when there is none", () => {
    const check = run([{ path: "a.py", findings: [finding("a.py", "bf16-model-dtype", 1, 1)] }], {
      mode: "check",
      target: t4x2(false),
    });
    const json = JSON.parse(renderJson(check));
    expect(json.target).toEqual({ name: "t4x2", gpu: "t4", count: 2, computeCapability: "7.5" });
    expect(json.findings[0]).not.toHaveProperty("applied");
    expect(json.findings[0]).not.toHaveProperty("hint");
    expect(json.findings[0].fixable).toBe(true);
  });

  it("is pretty-printed with two spaces", () => {
    // eslint-disable-next-line no-regex-spaces -- the two spaces are the JSON indent, as written
    expect(renderJson(sampleRun())).toMatch(/^\{\n  "schemaVersion": 2,\n  "tool": "gpu-compat",\n/);
  });
});

// ---------------------------------------------------------------------------------------------- text

describe("renderText", () => {
  it("prints one line per finding with its rule's title, diagnostics and a summary", () => {
    expect(renderText(sampleRun(), { pathPrefix: "repo" }).split("\n")).toEqual([
      "repo/configs/train.yaml:3:1: warning[bf16-model-dtype] bf16-model-dtype",
      "repo/model.py:1:1: warning[tf32-matmul] tf32-matmul (not applied)",
      "repo/model.py:1:1: info[torch-compile] torch-compile",
      "repo/model.py:2:8: warning[flash-attention-2] FlashAttention-2 on a GPU before Ampere (fixed)",
      "repo/src/train.py:2:18: warning[bf16-model-dtype] bf16-model-dtype (fixed)",
      "repo/broken.py: error: invalid syntax at 3:1",
      "",
      "Found 5 issues in 3 files (2 fixed, 1 not applied, 2 hints). 1 file had errors.",
      "Each finding's explanation: --output-format full; a rule's documentation: gpu-compat explain <rule>.",
      "",
    ]);
  });

  it("with -q, only the findings and diagnostics", () => {
    expect(renderText(sampleRun(), { quiet: true }).split("\n")).toHaveLength(7);
    expect(renderText(run([]), { quiet: true })).toBe("");
  });

  it("full: each finding's own message and hint", () => {
    expect(renderText(sampleRun(), { full: true }).split("\n")).toEqual([
      "configs/train.yaml:3:1: warning[bf16-model-dtype] message of bf16-model-dtype",
      "  hint: Set dtype: fp16.",
      "model.py:1:1: warning[tf32-matmul] message of tf32-matmul",
      "model.py:1:1: info[torch-compile] Compile | slow on T4.",
      '  hint: Use `mode="reduce-overhead"`.',
      "model.py:2:8: warning[flash-attention-2] message of flash-attention-2 (fixed)",
      "src/train.py:2:18: warning[bf16-model-dtype] T4 has no bf16 tensor cores. (fixed)",
      "broken.py: error: invalid syntax at 3:1",
      "",
      "Found 5 issues in 3 files (2 fixed, 1 not applied, 2 hints). 1 file had errors.",
      "",
    ]);
  });

  it("colors only when asked", () => {
    expect(renderText(sampleRun())).not.toContain("\u001b[");
    for (const full of [false, true]) {
      const colored = renderText(sampleRun(), { color: true, full });
      expect(colored).toContain("\u001b[");
      // eslint-disable-next-line no-control-regex -- ANSI color codes start with ESC
      expect(colored.replace(/\u001b\[\d+m/g, "")).toBe(renderText(sampleRun(), { full }));
    }
  });

  it("says so when there is nothing to report", () => {
    expect(renderText(run([]))).toBe("No issues found.\n");
  });
});

describe("summaryLine", () => {
  const fixes = [
    finding("a.py", "r1", 1, 1, { applied: true }),
    finding("a.py", "r1", 2, 1, { applied: true }),
    finding("b.py", "r2", 1, 1, { fixable: false, hint: "h" }),
  ];

  it("counts fixed and hints in fix mode", () => {
    const result = run([
      { path: "a.py", findings: fixes.slice(0, 2) },
      { path: "b.py", findings: fixes.slice(2) },
    ]);
    expect(summaryLine(result)).toBe("Found 3 issues in 2 files (2 fixed, 1 hint).");
    expect(summaryLine({ ...result, dryRun: true })).toBe(
      "Found 3 issues in 2 files (2 would be fixed, 1 hint). Dry run: no files were written.",
    );
  });

  it("counts fixable findings in check mode", () => {
    const check = fixes.map(({ applied: _applied, ...f }) => f);
    const result = run(
      [
        { path: "a.py", findings: check.slice(0, 2) },
        { path: "b.py", findings: check.slice(2) },
      ],
      { mode: "check" },
    );
    expect(summaryLine(result)).toBe("Found 3 issues in 2 files (2 fixable with `gpu-compat fix`, 1 hint).");
  });

  it("uses the singular for one", () => {
    const result = run([{ path: "a.py", findings: [fixes[2]!] }]);
    expect(summaryLine(result)).toBe("Found 1 issue in 1 file (1 hint).");
  });

  it("reports files with diagnostics when there are no issues", () => {
    const result = run([], { diagnostics: [{ path: "x.py", kind: "read-error", message: "EACCES" }] });
    expect(summaryLine(result)).toBe("No issues found. 1 file had errors.");
  });
});

describe("notebook positions", () => {
  // Cell 5 line 2 comes before cell 12 line 1: findings sort by cell, then line within the cell.
  const notebookRun = () =>
    run([
      {
        path: "nb.ipynb",
        findings: [
          finding("nb.ipynb", "trainer-bf16", 1, 3, { start: { cell: 12, line: 1, column: 3 }, end: { cell: 12, line: 1, column: 12 }, applied: true }),
          finding("nb.ipynb", "bf16-dtype", 2, 40, { start: { cell: 5, line: 2, column: 40 }, end: { cell: 5, line: 2, column: 54 }, applied: true }),
        ],
      },
      { path: "train.py", findings: [finding("train.py", "tf32", 4, 1, { applied: true })] },
    ]);

  it("text: path:cell N:line:col, sorted by cell", () => {
    const lines = renderText(notebookRun()).split("\n");
    expect(lines.slice(0, 3).map((line) => line.slice(0, line.indexOf(" warning")))).toEqual([
      "nb.ipynb:cell 5:2:40:",
      "nb.ipynb:cell 12:1:3:",
      "train.py:4:1:",
    ]);
  });

  it("markdown: the cell before the line", () => {
    const markdown = renderMarkdown(notebookRun());
    expect(markdown).toContain("- [`nb.ipynb, cell 5, line 2`](nb.ipynb) · warning · fixed");
    expect(markdown).toContain("- [`nb.ipynb, cell 12, line 1`](nb.ipynb) · warning · fixed");
    expect(markdown).toContain("- [`train.py:4`](train.py#L4) · warning · fixed");
  });

  it("json: a cell field only on notebook findings", () => {
    const json = JSON.parse(renderJson(notebookRun()));
    expect(json.findings.map((f: { cell?: number; line: number }) => [f.cell, f.line])).toEqual([
      [5, 2],
      [12, 1],
      [undefined, 4],
    ]);
    expect(Object.keys(json.findings[0]).slice(0, 4)).toEqual(["rule", "path", "cell", "line"]);
    expect(Object.keys(json.findings[2])).not.toContain("cell");
  });
});
