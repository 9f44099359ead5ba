import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "./cli-helpers.js";

// Issue 6, settings: [tool.gpu-compat] in pyproject.toml or gpu-compat.toml, found by walking up; flags win.
const TRAIN = [
  "import torch",
  "from transformers import TrainingArguments",
  "",
  "x = torch.zeros(2, dtype=torch.bfloat16)",
  'args = TrainingArguments(output_dir="out", bf16=True, tf32=True)',
  "",
].join("\n");

function tree(files: Record<string, string>): string {
  const root = join(tempDir(), "repo");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** `check --format json` and the rules of its findings, `path rule` sorted. */
function check(cwd: string, ...args: string[]) {
  const run = cli(["check", ".", "--format", "json", ...args], { cwd });
  const findings = run.status === 2 ? [] : (JSON.parse(run.stdout).findings as { path: string; rule: string }[]);
  return { ...run, rules: findings.map((f) => `${f.path} ${f.rule}`).sort() };
}

describe("settings", () => {
  it("read the target from [tool.gpu-compat] in pyproject.toml", () => {
    const root = tree({ "pyproject.toml": '[project]\nname = "x"\n\n[tool.gpu-compat]\ntarget = "t4"\n', "train.py": TRAIN });
    const run = check(root);
    expect(run.status, run.stderr).toBe(1);
    expect(run.rules).toEqual(["train.py bf16-dtype", "train.py tf32", "train.py trainer-bf16"]);
    expect(JSON.parse(run.stdout).target.name).toBe("t4");
  });

  it("are found by walking up from the path, gpu-compat.toml first, and flags override them", () => {
    const root = tree({ "gpu-compat.toml": 'target = "p100"\nprecision = "fp32"\n', "pyproject.toml": '[tool.gpu-compat]\ntarget = "t4"\n', "src/pkg/train.py": TRAIN });
    const run = cli(["check", "src/pkg", "--format", "json"], { cwd: root });
    expect(JSON.parse(run.stdout).target.name).toBe("p100");
    const flagged = cli(["check", "src/pkg", "--format", "json", "--target", "a100x8"], { cwd: root });
    expect(flagged.status).toBe(0);
    expect(JSON.parse(flagged.stdout).target.name).toBe("a100-80x8");
  });

  it("select and ignore rules or categories, exclude paths, and turn rules off per file", () => {
    const files = { "train.py": TRAIN, "legacy/old.py": TRAIN, "notebooks/explore.py": TRAIN };
    const config = (body: string) => tree({ ...files, "gpu-compat.toml": `target = "t4"\n${body}` });
    expect(check(config('ignore = ["tf32"]\nexclude = ["legacy/**", "notebooks/**"]\n')).rules).toEqual(["train.py bf16-dtype", "train.py trainer-bf16"]);
    expect(check(config('select = ["tf32"]\nexclude = ["legacy/**", "notebooks/**"]\n')).rules).toEqual(["train.py tf32"]);
    expect(check(config('select = ["precision"]\nignore = ["bf16-dtype"]\nexclude = ["legacy/**", "notebooks/**"]\n')).rules).toEqual(["train.py tf32", "train.py trainer-bf16"]);
    const perFile = check(config('exclude = ["legacy/**"]\n[per-file-ignores]\n"notebooks/*.py" = ["bf16-dtype", "tf32"]\n'));
    expect(perFile.rules).toEqual(["notebooks/explore.py trainer-bf16", "train.py bf16-dtype", "train.py tf32", "train.py trainer-bf16"]);
    // Flags win over settings: --ignore replaces the settings' list, --exclude too.
    expect(check(config('ignore = ["tf32"]\n'), "--ignore", "trainer-bf16", "--exclude", "legacy/**,notebooks/**").rules).toEqual(["train.py bf16-dtype", "train.py tf32"]);
  });

  it("hint-only replaces the default list of files that are reported but never fixed (tests, conversion scripts)", () => {
    const files = { "train.py": TRAIN, "tests/test_train.py": TRAIN, "scripts/convert_checkpoint.py": TRAIN };
    const fixable = (root: string) => {
      const run = cli(["check", ".", "--format", "json"], { cwd: root });
      return (JSON.parse(run.stdout).findings as { path: string; fixable: boolean }[]).filter((f) => f.fixable).map((f) => f.path);
    };
    const byDefault = fixable(tree({ ...files, "gpu-compat.toml": 'target = "t4"\n' }));
    expect(new Set(byDefault)).toEqual(new Set(["train.py"]));
    const none = fixable(tree({ ...files, "gpu-compat.toml": 'target = "t4"\nhint-only = []\n' }));
    expect(new Set(none)).toEqual(new Set(Object.keys(files)));
    const own = fixable(tree({ ...files, "gpu-compat.toml": 'target = "t4"\nhint-only = ["train.py"]\n' }));
    expect(new Set(own)).toEqual(new Set(["tests/test_train.py", "scripts/convert_checkpoint.py"]));
  });

  it("that are wrong stop the run with exit 2, naming the file, the key and what is accepted", () => {
    const bad = (body: string) => {
      const root = tree({ "gpu-compat.toml": body, "train.py": TRAIN });
      const run = check(root);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(join(root, "gpu-compat.toml"));
      return run.stderr;
    };
    expect(bad('target = "t4"\nprecison = "fp32"\n')).toMatch(/precison: unknown setting \(did you mean `precision`\?\); accepted: target, precision, select, ignore, exclude, per-file-ignores, hint-only/);
    expect(bad('target = "t4"\nprecision = "bf16"\n')).toMatch(/precision: "bf16" is not accepted; accepted: "auto", "fp32", "fp16"/);
    expect(bad('target = "t5"\n')).toMatch(/target: .*t5/);
    expect(bad('target = "t4"\nignore = ["bf16-dtpye"]\n')).toMatch(/ignore: `bf16-dtpye` is neither a rule nor a category \(did you mean `bf16-dtype`\?\)/);
    expect(bad('target = "t4"\nexclude = "legacy"\n')).toMatch(/exclude: must be a list of glob strings/);
    expect(bad('target = "t4"\nhint-only = "tests"\n')).toMatch(/hint-only: must be a list of glob strings/);
    expect(bad("target = \n")).toMatch(/not valid TOML/);
  });

  it("without a target anywhere say how to give one", () => {
    const root = tree({ "train.py": TRAIN });
    const run = check(root);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no target: pass --target .* or set `target` in \[tool\.gpu-compat\]/);
  });
});
