// Run results made by hand, for the SARIF and GitHub renderers' tests.
import { countFindings, type FileResult, type Finding, type RunResult } from "@gpu-compat/engine";
import { resolveTarget } from "@gpu-compat/targets";

export function finding(path: string, rule: string, line: number, column: number, extra: Partial<Finding> = {}): Finding {
  return {
    rule,
    path,
    start: { line, column },
    end: { line, column: column + 10 },
    severity: "warning",
    message: `message of ${rule}`,
    fixable: true,
    ...extra,
  };
}

export function runOf(files: FileResult[], extra: Partial<RunResult> = {}): RunResult {
  const mode = extra.mode ?? "check";
  const diagnostics = extra.diagnostics ?? [];
  const { total, byRule, bySeverity } = countFindings(files.flatMap((f) => f.findings), mode);
  return {
    root: "/repo",
    target: resolveTarget("kaggle-t4x2"),
    mode,
    dryRun: false,
    files,
    diagnostics,
    skipped: [],
    summary: {
      filesDiscovered: files.length,
      filesParsed: files.length,
      filesChanged: 0,
      filesWithFindings: files.filter((f) => f.findings.length > 0).length,
      findings: total.found,
      fixed: total.fixed,
      fixable: total.fixable,
      notApplied: total.notApplied,
      hints: total.hints,
      bySeverity,
      byRule,
      diagnostics: diagnostics.length,
      durationMs: 7,
    },
    ...extra,
  };
}

/** Findings of every kind: severities, a hint, a notebook cell, a config key path, two lines, a rule no registry lists. */
export function sampleRun(extra: Partial<RunResult> = {}): RunResult {
  return runOf(
    [
      {
        path: "train.py",
        findings: [
          finding("train.py", "trainer-bf16", 12, 9, { severity: "error", message: "`bf16=True` stops transformers." }),
          finding("train.py", "tf32", 3, 1, { severity: "info", fixable: false, hint: "Nothing breaks.\nKeep it for Ampere." }),
          finding("train.py", "batch-size", 20, 5, { end: { line: 22, column: 6 }, message: "100% of 15 GiB, then more: it does not fit" }),
        ],
      },
      {
        path: "notebooks/fine tune.ipynb",
        findings: [
          finding("notebooks/fine tune.ipynb", "flash-attention-2", 4, 30, {
            severity: "error",
            start: { cell: 3, line: 4, column: 30 },
            end: { cell: 3, line: 4, column: 49 },
          }),
        ],
      },
      {
        path: "configs/ds.yaml",
        findings: [finding("configs/ds.yaml", "deepspeed-bf16", 2, 3, { keyPath: "bf16.enabled" })],
      },
      { path: "lib/new.py", findings: [finding("lib/new.py", "some-future-rule", 1, 1, { severity: "info", fixable: false })] },
    ],
    {
      diagnostics: [{ path: "broken.py", kind: "syntax-error", message: "syntax error at line 2, column 5" }],
      skipped: [{ path: "data/big.json", reason: "too-large", message: "skipped: 20.0 MiB, above the 16 MiB gpu-compat reads as source" }],
      ...extra,
    },
  );
}
