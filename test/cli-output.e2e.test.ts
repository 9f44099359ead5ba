// The output and flags of `check` and `fix` as Ruff users expect them: formats, files, quiet, colour, lists, stdin.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, copyFixture, tempDir } from "./cli-helpers.js";

const SAMPLE = "kaggle-llm-finetune";
const repo = copyFixture(SAMPLE);
const TRAIN = readFileSync(join(repo, "train.py"), "utf8");
const check = (...args: string[]) => cli(["check", ".", "--target", "t4", ...args], { cwd: repo });

describe("default output", () => {
  it("is one short line per finding, the explanation once, under --output-format full", () => {
    const run = check();
    expect(run.status).toBe(1);
    const findings = run.stdout.split("\n").filter((line) => /^\S+:\d+:\d+: /.test(line));
    expect(findings).toContain("train.py:32:9: error[trainer-bf16] bf16 mixed precision in TrainingArguments on a GPU without bf16 (fixable)");
    for (const line of findings) expect(line.length, line).toBeLessThan(140);
    expect(run.stdout).not.toContain("hint:");
    const full = check("--output-format", "full");
    expect(full.stdout).toContain("train.py:32:9: error[trainer-bf16] `bf16=True` either stops transformers");
    expect(full.stdout).toContain("  hint: ");
  });

  it("names files relative to the working directory, not the checked folder", () => {
    const run = cli(["check", SAMPLE, "--target", "t4"], { cwd: join(repo, "..") });
    expect(run.stdout).toMatch(new RegExp(`^${SAMPLE}/infer\\.py:6:32: `, "m"));
    const json = JSON.parse(cli(["check", SAMPLE, "--target", "t4", "--output-format", "json"], { cwd: join(repo, "..") }).stdout) as { findings: { path: string }[] };
    expect(json.findings.every((f) => f.path.startsWith(`${SAMPLE}/`))).toBe(true);
    // A folder outside the working directory is named by its absolute path, which terminals open too.
    const outside = cli(["check", repo, "--target", "t4"], { cwd: tempDir() });
    expect(outside.stdout).toContain(`${repo}/train.py:32:9: `);
  });
});

describe("--output-format", () => {
  it("json: schema version, docs URL and edits per finding, the duration under timing", () => {
    const json = JSON.parse(check("--output-format", "json").stdout) as {
      schemaVersion: number;
      summary: Record<string, unknown>;
      timing: { durationMs: number };
      findings: { rule: string; url: string; fixable: boolean; edits?: { start: { line: number }; content: string }[] }[];
    };
    expect(json.schemaVersion).toBe(2);
    expect(json.summary).not.toHaveProperty("durationMs");
    expect(typeof json.timing.durationMs).toBe("number");
    const trainer = json.findings.find((f) => f.rule === "trainer-bf16")!;
    expect(trainer.url).toMatch(/trainer-bf16\.md$/);
    expect(trainer.edits).toEqual([{ start: { line: 32, column: 9 }, end: { line: 32, column: 13 }, content: "fp16" }]);
    expect(json.findings.filter((f) => !f.fixable).every((f) => f.edits === undefined)).toBe(true);
  });

  it("junit: well-formed XML with a test case and a failure per finding", () => {
    const xml = check("--output-format", "junit").stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(wellFormed(xml)).toBe(true);
    const cases = xml.match(/<testcase /g)!.length;
    expect(cases).toBe(xml.match(/<failure /g)!.length);
    expect(xml).toContain('<testcase name="trainer-bf16 at 32:9" classname="train.py">');
    const clean = cli(["check", ".", "--target", "a100", "--output-format", "junit"], { cwd: repo }).stdout;
    expect(wellFormed(clean)).toBe(true);
    expect(clean).toContain("<testcase ");
    expect(clean).not.toContain("<failure");
  });

  it("gitlab: a Code Quality array with description, check_name, fingerprint, severity and location", () => {
    const issues = JSON.parse(check("--output-format", "gitlab").stdout) as Record<string, unknown>[];
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(Object.keys(issue).sort()).toEqual(["check_name", "description", "fingerprint", "location", "severity"]);
      expect(["info", "minor", "major", "critical", "blocker"]).toContain(issue.severity);
      expect(issue.location).toMatchObject({ path: expect.any(String), lines: { begin: expect.any(Number) } });
    }
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length);
    expect(issues.find((issue) => issue.check_name === "trainer-bf16")).toMatchObject({ severity: "major", location: { path: "train.py", lines: { begin: 32 } } });
  });

  it("sarif and github, and --format as the older name", () => {
    expect(JSON.parse(check("--output-format", "sarif").stdout).version).toBe("2.1.0");
    expect(check("--output-format", "github").stdout).toMatch(/^::error file=train\.py,line=32,/m);
    expect(check("--format", "text").stdout).toBe(check().stdout);
    expect(check("--output-format", "xml").status).toBe(2);
  });
});

describe("--output-file, -q, --statistics, colour", () => {
  it("--output-file writes the chosen format there and nothing on stdout; a bad path is exit 2", () => {
    const file = join(tempDir(), "out", "findings.json");
    const run = check("--output-format", "json", "--output-file", file);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(JSON.parse(readFileSync(file, "utf8")).schemaVersion).toBe(2);
    const onSource = check("--output-file", "train.py");
    expect(onSource.status).toBe(2);
    expect(onSource.stderr).toContain("--output-file");
    expect(readFileSync(join(repo, "train.py"), "utf8")).toBe(TRAIN);
  });

  it("-q prints only the findings, -qq and --silent nothing; the exit code stays", () => {
    const quiet = check("-q");
    expect(quiet.status).toBe(1);
    expect(quiet.stdout).not.toContain("Found ");
    expect(quiet.stdout).toContain("train.py:32:9: ");
    for (const flag of ["-qq", "--silent"]) {
      const silent = check(flag);
      expect(silent.status, flag).toBe(1);
      expect(silent.stdout, flag).toBe("");
    }
  });

  it("--statistics counts the findings per rule, as text or JSON", () => {
    const run = check("--statistics");
    expect(run.status).toBe(1);
    expect(run.stdout.split("\n")).toContain("5  bf16-dtype            [*] bfloat16 tensors and models on a GPU without bf16");
    const rows = JSON.parse(check("--statistics", "--output-format", "json").stdout) as { rule: string; count: number }[];
    expect(rows.find((row) => row.rule === "tf32")?.count).toBe(3);
    expect(check("--statistics", "--output-format", "sarif").status).toBe(2);
  });

  it("--color always|never, FORCE_COLOR and NO_COLOR", () => {
    const ansi = "\u001b[";
    expect(check("--color", "always").stdout).toContain(ansi);
    expect(cli(["check", ".", "--target", "t4", "--color", "never"], { cwd: repo, env: { FORCE_COLOR: "1", NO_COLOR: "" } }).stdout).not.toContain(ansi);
    expect(cli(["check", ".", "--target", "t4"], { cwd: repo, env: { FORCE_COLOR: "1", NO_COLOR: "" } }).stdout).toContain(ansi);
    expect(cli(["check", ".", "--target", "t4"], { cwd: repo, env: { FORCE_COLOR: "1", NO_COLOR: "1" } }).stdout).not.toContain(ansi);
    // Piped, without either: no colour.
    expect(cli(["check", ".", "--target", "t4"], { cwd: repo, env: { NO_COLOR: "" } }).stdout).not.toContain(ansi);
  });
});

describe("list flags", () => {
  it("take comma lists and add up when repeated, and never swallow the path", () => {
    const rules = (...args: string[]) => new Set((JSON.parse(cli(["check", ...args, "--target", "t4", "--output-format", "json"], { cwd: repo }).stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule));
    expect(rules("--select", "tf32,trainer-bf16", ".")).toEqual(new Set(["tf32", "trainer-bf16"]));
    expect(rules("--select", "tf32", "--select", "trainer-bf16", ".")).toEqual(new Set(["tf32", "trainer-bf16"]));
    expect(rules("--select", "precision", "--ignore", "bf16-dtype,tf32", ".")).toEqual(new Set(["bf16-emulation-check", "trainer-bf16"]));
    const excluded = JSON.parse(cli(["check", "--exclude", "src/**,scripts/**", ".", "--target", "t4", "--output-format", "json"], { cwd: repo }).stdout) as { findings: { path: string }[] };
    expect(new Set(excluded.findings.map((f) => f.path))).toEqual(new Set(["infer.py", "train.py"]));
    // `.` after --select is the path: a rule named `.` would be exit 2.
    expect(cli(["check", "--select", "tf32", ".", "--target", "t4"], { cwd: repo }).status).toBe(1);
  });
});

describe("stdin", () => {
  it("check - reads the source, named by --stdin-filename", () => {
    const run = cli(["check", "-", "--stdin-filename", "train.py", "--target", "t4"], { cwd: tempDir(), input: TRAIN });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("train.py:32:9: error[trainer-bf16] ");
    const clean = cli(["check", "-", "--stdin-filename", "ok.py", "--target", "t4"], { cwd: tempDir(), input: "import torch\n" });
    expect(clean.status).toBe(0);
    expect(cli(["check", "-", "--stdin-filename", "notes.txt", "--target", "t4"], { input: TRAIN }).status).toBe(2);
  });

  it("fix - writes the fixed source to stdout, the findings to stderr, and no file", () => {
    const cwd = tempDir();
    const run = cli(["fix", "-", "--stdin-filename", "train.py", "--target", "t4"], { cwd, input: TRAIN });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(TRAIN.replace("        bf16=True,\n        tf32=True,\n", "        fp16=True,\n"));
    expect(run.stderr).toContain("(fixed)");
    expect(run.stderr).not.toContain("Dry run");
    expect(existsSync(join(cwd, "gpu-compat-report.md"))).toBe(false);
    const unchanged = cli(["fix", "-", "--stdin-filename", "ok.py", "--target", "t4"], { cwd, input: "import torch\n" });
    expect(unchanged.stdout).toBe("import torch\n");
  });
});

describe("informational commands", () => {
  it("explain suggests the rule a typo meant; rules --format json lists every rule with its docs URL", () => {
    const typo = cli(["explain", "bf16-dtyp"]);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("did you mean 'bf16-dtype'?");
    const rules = JSON.parse(cli(["rules", "--format", "json"]).stdout) as { id: string; url: string; severity: string }[];
    expect(rules.find((rule) => rule.id === "bf16-dtype")).toMatchObject({ severity: "warning", url: expect.stringMatching(/bf16-dtype\.md$/) });
  });
});

/** Well-formed enough for a test report reader: one root, tags that nest and close, attributes quoted, entities known. */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, "");
  if (/&(?!(amp|lt|gt|quot|apos);)/.test(body)) return false;
  const stack: string[] = [];
  let roots = 0;
  for (const match of body.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|<|>/g)) {
    if (match[0] === "<") return false;
    if (match[0] === ">") continue; // text may hold `>`; only `<` must be escaped
    const [, closing, name, , selfClosing] = match;
    if (stack.length === 0) roots++;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else if (!selfClosing) stack.push(name!);
  }
  return stack.length === 0 && roots === 1;
}
