import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, copyFixture, listFiles, modeOf, REPO_ROOT, snapshotTree, tempDir } from "./cli-helpers.js";
import { pythonSyntaxErrors } from "./python-oracle.js";

const SAMPLE = "kaggle-llm-finetune";
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
const EXPECTED = join(REPO_ROOT, "test/expected", SAMPLE, "t4");
const update = process.env.UPDATE_FIXTURES === "1";

describe("gpu-compat fix on the sample repo, target t4", () => {
  const repo = copyFixture(SAMPLE);
  const before = snapshotTree(repo);
  const reportPath = join(tempDir(), "report.md");
  chmodSync(join(repo, "train.py"), 0o755);
  const first = cli(["fix", repo, "--target", "t4", "--report", reportPath]);
  const after = snapshotTree(repo);
  const changed = [...after.keys()].filter((file) => !after.get(file)!.equals(before.get(file)!));

  it("exits 0 and prints the summary and the report's path", () => {
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/fixed/);
    expect(first.stdout).toContain(`Report written to ${reportPath}`);
  });

  it("rewrites exactly the expected files, byte for byte", () => {
    if (update) {
      mkdirSync(EXPECTED, { recursive: true });
      for (const file of changed) {
        mkdirSync(join(EXPECTED, file, ".."), { recursive: true });
        writeFileSync(join(EXPECTED, file), after.get(file)!);
      }
    }
    expect(changed).toEqual(listFiles(EXPECTED));
    for (const file of changed) expect(after.get(file)!.toString("utf8"), file).toBe(readFileSync(join(EXPECTED, file), "utf8"));
  });

  it("leaves ignored and trigger-free files alone and keeps file modes", () => {
    expect(changed).not.toContain("outputs/checkpoint_notes.py");
    expect(changed).not.toContain("src/data.py");
    expect(modeOf(join(repo, "train.py"))).toBe(0o755);
  });

  it("writes only valid Python", () => {
    const files = listFiles(repo).filter((f) => f.endsWith(".py")).map((f) => join(repo, f));
    expect(pythonSyntaxErrors(files)).toEqual([]);
  });

  it("writes a Markdown report with the target, a per-rule table, the diffs and the reasons", () => {
    const report = readFileSync(reportPath, "utf8");
    expect(report).toContain("Tesla T4");
    expect(report).toContain("7.5");
    for (const rule of ["bf16-dtype", "trainer-bf16", "tf32", "flash-attention-2"]) {
      expect(report).toContain(`[\`${rule}\`](https://github.com/gpu-compat/gpu-compat/blob/v${VERSION}/packages/rules/docs/${rule}.md)`);
    }
    expect(report).toContain("```diff");
    expect(report).toContain("+        fp16=True,");
    expect(report).toMatch(/no bf16 tensor cores/);
    expect(report).toContain("| Shared memory per block | 64 KB |");
  });

  it("changes nothing on a second run", () => {
    const second = cli(["fix", repo, "--target", "t4", "--report", join(tempDir(), "again.md")]);
    expect(second.status).toBe(0);
    const again = snapshotTree(repo);
    for (const [file, bytes] of after) expect(again.get(file)!.equals(bytes), file).toBe(true);
  });

  it("`check` afterwards still reports the hints, and exits 1", () => {
    const check = cli(["check", repo, "--target", "t4"]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain("infer.py");
    expect(check.stdout).not.toContain("trainer-bf16");
  });
});

describe("gpu-compat fix with the WebAssembly parser", () => {
  it("rewrites the sample exactly as the native parser does", () => {
    const repo = copyFixture(SAMPLE);
    const run = cli(["fix", repo, "--target", "t4", "--report", join(tempDir(), "r.md")], { env: { GPU_COMPAT_PARSER: "wasm" } });
    expect(run.status).toBe(0);
    for (const file of listFiles(EXPECTED)) expect(readFileSync(join(repo, file), "utf8"), file).toBe(readFileSync(join(EXPECTED, file), "utf8"));
  });

  it("finds what the native parser finds in a notebook's Python and shell lines (V8's baseline compiler on short runs)", () => {
    const notebook = join(REPO_ROOT, "fixtures/kaggle-notebook");
    const findings = (parser: string) => {
      const run = cli(["check", notebook, "--target", "t4", "--format", "json"], { env: { GPU_COMPAT_PARSER: parser } });
      expect(run.status, run.stderr).toBe(1);
      return (JSON.parse(run.stdout) as { findings: unknown[] }).findings;
    };
    const native = findings("native");
    expect(native.length).toBeGreaterThan(0);
    expect(findings("wasm")).toEqual(native);
  });
});

describe("gpu-compat fix --dry-run --diff", () => {
  it("prints a patch and writes no source file", () => {
    const repo = copyFixture(SAMPLE);
    const before = snapshotTree(repo);
    const run = cli(["fix", repo, "--target", "p100", "--dry-run", "--diff", "--report", join(tempDir(), "r.md")]);
    expect(run.status).toBe(1); // Something to change.
    expect(run.stdout).toContain("--- a/train.py");
    expect(run.stdout).toContain("-        bf16=True,");
    const after = snapshotTree(repo);
    for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), file).toBe(true);
  });

  it("writes nothing at all, prints only the patch on stdout, never says (fixed), and exits 1", () => {
    const repo = copyFixture(SAMPLE);
    const cwd = tempDir();
    const before = snapshotTree(repo);
    const run = cli(["fix", repo, "--target", "t4", "--dry-run", "--diff"], { cwd });
    expect(run.status).toBe(1);
    expect(readdirSync(cwd)).toEqual([]); // No report in the working directory.
    expect(run.stdout.startsWith("--- a/")).toBe(true);
    for (const line of run.stdout.split("\n").filter(Boolean)) expect(line).toMatch(/^(--- a\/|\+\+\+ b\/|@@ |[-+ \\])/);
    expect(run.stdout + run.stderr).not.toContain("(fixed)");
    expect(run.stderr).toMatch(/would be fixed.*Dry run: no files were written\./);
    const after = snapshotTree(repo);
    for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), file).toBe(true);
    // The same patch from check, which never writes; nothing to change: exit 0 and an empty patch.
    const check = cli(["check", repo, "--target", "t4", "--diff"], { cwd });
    expect(check.stdout).toBe(run.stdout);
    expect(check.status).toBe(1);
    expect(readdirSync(cwd)).toEqual([]);
    const clean = cli(["fix", repo, "--target", "a100x8", "--dry-run", "--diff"], { cwd });
    expect([clean.status, clean.stdout]).toEqual([0, ""]);
  });
});

describe("gpu-compat check", () => {
  it("exits 0 on the machine the samples were written for: nothing to change", () => {
    const run = cli(["check", join(REPO_ROOT, "fixtures"), "--target", "a100x8"]);
    expect(run.stdout).toContain("No issues found");
    expect(run.status).toBe(0);
  });

  it("exits 1 with findings and writes nothing", () => {
    const repo = copyFixture(SAMPLE);
    const before = snapshotTree(repo);
    const run = cli(["check", repo, "--target", "t4"]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/train\.py:\d+:\d+: error\[trainer-bf16\]/);
    const after = snapshotTree(repo);
    for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), file).toBe(true);
  });

  it("--format json lists each finding with 1-based positions, paths relative to the working directory", () => {
    const repo = copyFixture(SAMPLE);
    const run = cli(["check", ".", "--target", "t4", "--format", "json"], { cwd: repo });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: Record<string, unknown>[]; summary: { findings: number } };
    expect(report.findings.length).toBe(report.summary.findings);
    const flash = report.findings.find((f) => f.rule === "flash-attention-2" && f.path === "src/modeling.py");
    expect(flash).toMatchObject({ line: 11, column: 29, endLine: 11, endColumn: 48, severity: "error", fixable: true });
    expect(Object.keys(flash!).sort()).toEqual(["column", "edits", "endColumn", "endLine", "fixable", "line", "message", "path", "rule", "severity", "url"]);
  });

  it("exits 2 with a suggestion for an unknown target", () => {
    const run = cli(["check", REPO_ROOT, "--target", "t5"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("t4");
  });

  it("exits 2 on a missing target option, a missing path and an unknown command", () => {
    expect(cli(["check", REPO_ROOT]).status).toBe(2);
    const missing = cli(["check", "no/such/dir", "--target", "t4"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("No such file or directory: no/such/dir");
    expect(cli(["frobnicate"]).status).toBe(2);
  });
});

describe("files gpu-compat cannot handle", () => {
  it("a syntax error, a non-UTF-8 file and an unreadable file each get a diagnostic naming the file, and stay byte-identical", () => {
    const repo = copyFixture(SAMPLE);
    writeFileSync(join(repo, "broken.py"), "import torch\nx = torch.bfloat16(\n");
    writeFileSync(join(repo, "latin1.py"), Buffer.from("# caf\xe9\nimport torch\nx = torch.bfloat16\n", "latin1"));
    writeFileSync(join(repo, "secret.py"), "import torch\nx = torch.bfloat16\n");
    chmodSync(join(repo, "secret.py"), 0o000);
    const before = snapshotTree(repo);
    // Root reads any file: without the capabilities that bypass file permissions it reads like anyone else.
    const asRoot = process.getuid?.() === 0;
    const prefix = asRoot ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] : [];
    const run = cli(["fix", repo, "--target", "t4", "--report", join(tempDir(), "r.md")], { prefix });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/broken\.py:2:\d+: error: syntax error;/);
    expect(run.stdout).toMatch(/latin1\.py:1:6: error: the file is not valid UTF-8 \(byte 0xE9\)/);
    expect(run.stdout).toMatch(/secret\.py: error: cannot read the file: permission denied/);
    chmodSync(join(repo, "secret.py"), 0o644);
    for (const file of ["broken.py", "latin1.py", "secret.py"]) expect(readFileSync(join(repo, file)).equals(before.get(file)!), file).toBe(true);
    // The rest of the repo was still fixed.
    expect(readFileSync(join(repo, "train.py"), "utf8")).toContain("fp16=True");
  });
});

describe("informational commands", () => {
  it("rules, explain, targets, --help and --version", () => {
    expect(cli(["rules"]).stdout).toContain("flash-attention-2");
    const explain = cli(["explain", "bf16-dtype"]);
    expect(explain.status).toBe(0);
    expect(explain.stdout).toContain("## When it stays silent");
    expect(cli(["explain", "nope"]).status).toBe(2);
    const targets = cli(["targets"]);
    expect(targets.stdout).toContain("t4");
    expect(targets.stdout).toContain("kaggle-t4x2");
    const help = cli(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Examples:");
    expect(cli(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
