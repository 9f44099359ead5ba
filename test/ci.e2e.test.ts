import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig, type ConfigSource } from "@gpu-compat/config";
import { sarifSchemaErrors } from "../packages/report/test/sarif-schema.js";
import { cli, REPO_ROOT, tempDir } from "./cli-helpers.js";

// Issue 6, "CI check": exit codes for CI, SARIF and GitHub annotations from `check`, and the GitHub Action.

/** Repos with findings of one severity each on a T4, one with a file gpu-compat cannot parse, one clean. */
function repos(): Record<"info" | "warning" | "error" | "broken" | "clean", string> {
  const base = tempDir();
  const files = {
    info: "import torch\ntorch.backends.cuda.matmul.allow_tf32 = True\n", // tf32: info
    warning: "import torch\nx = torch.ones(2, dtype=torch.bfloat16)\n", // bf16-dtype: warning
    error: 'from transformers import AutoModel\nm = AutoModel.from_pretrained("x", attn_implementation="flash_attention_2")\n', // error
    broken: "import torch\nx = torch.bfloat16(\n", // a syntax error: a diagnostic, no finding
    clean: "print('hello')\n",
  };
  return Object.fromEntries(
    Object.entries(files).map(([name, text]) => {
      mkdirSync(join(base, name));
      writeFileSync(join(base, name, "train.py"), text);
      return [name, join(base, name)];
    }),
  ) as ReturnType<typeof repos>;
}

describe("check exit codes: --fail-on and --exit-zero", () => {
  const dirs = repos();
  const status = (dir: string, ...args: string[]) => cli(["check", dir, "--target", "t4", ...args]).status;

  it("by default any finding fails, as before; nothing to report passes", () => {
    expect([status(dirs.info), status(dirs.warning), status(dirs.error), status(dirs.broken), status(dirs.clean)]).toEqual([1, 1, 1, 1, 0]);
  });

  it.each([
    ["info", [1, 1, 1]],
    ["warning", [0, 1, 1]],
    ["error", [0, 0, 1]],
  ] as const)("--fail-on %s: findings below the threshold pass (info, warning, error repos)", (threshold, expected) => {
    expect([dirs.info, dirs.warning, dirs.error].map((dir) => status(dir, "--fail-on", threshold))).toEqual(expected);
  });

  it("files that cannot be handled fail whatever the threshold", () => {
    expect(status(dirs.broken, "--fail-on", "error")).toBe(1);
  });

  it("--exit-zero passes findings and unhandled files, also with a threshold", () => {
    expect([status(dirs.error, "--exit-zero"), status(dirs.broken, "--exit-zero"), status(dirs.info, "--exit-zero", "--fail-on", "info")]).toEqual([0, 0, 0]);
  });

  it("--exit-zero still exits 2 on bad usage: an unknown target, a missing path, an unknown threshold", () => {
    expect(cli(["check", dirs.error, "--target", "t5", "--exit-zero"]).status).toBe(2);
    expect(cli(["check", join(dirs.error, "nope"), "--target", "t4", "--exit-zero"]).status).toBe(2);
    const bad = cli(["check", dirs.error, "--target", "t4", "--fail-on", "fatal"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("error, warning, info");
  });

  it("fix --exit-zero passes files it could not handle", () => {
    const report = join(tempDir(), "r.md");
    expect(cli(["fix", dirs.broken, "--target", "t4", "--report", report]).status).toBe(1);
    expect(cli(["fix", dirs.broken, "--target", "t4", "--report", report, "--exit-zero"]).status).toBe(0);
  });
});

describe("check --format sarif | github, --sarif FILE", () => {
  // A repository with the checked code in a subdirectory, checked from the repository root as CI does.
  const repo = tempDir();
  mkdirSync(join(repo, "models", "llm"), { recursive: true });
  writeFileSync(join(repo, "models", "llm", "train.py"), 'from transformers import AutoModel\nm = AutoModel.from_pretrained("x", attn_implementation="flash_attention_2")\n');
  const run = (...args: string[]) => cli(["check", "models/llm", "--target", "t4", ...args], { cwd: repo });

  it("--format sarif prints valid SARIF 2.1.0 with paths relative to the working directory", () => {
    const out = run("--format", "sarif");
    expect(out.status).toBe(1);
    const sarif = JSON.parse(out.stdout);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const result = sarif.runs[0].results[0];
    expect(result.ruleId).toBe("flash-attention-2");
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "models/llm/train.py", uriBaseId: "%SRCROOT%" },
      region: { startLine: 2, startColumn: 56, endLine: 2, endColumn: 75 },
    });
    expect(sarif.runs[0].originalUriBaseIds["%SRCROOT%"].uri).toMatch(/^file:\/\/\/.*\/$/);
    expect(sarif.runs[0].tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("--format github prints annotations; --sarif also writes the SARIF file", () => {
    const out = run("--format", "github", "--sarif", "out/gpu-compat.sarif");
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(/^::error file=models\/llm\/train\.py,line=2,endLine=2,col=56,endColumn=75,title=gpu-compat flash-attention-2::FlashAttention-2 needs/);
    const written = JSON.parse(readFileSync(join(repo, "out", "gpu-compat.sarif"), "utf8"));
    expect(sarifSchemaErrors(written)).toEqual([]);
    expect(written.runs[0].results).toHaveLength(1);
  });

  it("a root outside the working directory keeps paths relative to that root", () => {
    const out = cli(["check", join(repo, "models"), "--target", "t4", "--format", "github"], { cwd: tempDir() });
    expect(out.stdout).toMatch(/^::error file=llm\/train\.py,/);
  });
});

describe("action.yml", () => {
  const text = readFileSync(join(REPO_ROOT, "action.yml"), "utf8");
  const parsed = parseConfig(text, "yaml");
  const action = parsed as ConfigSource;
  const value = (...path: (string | number)[]) => action.get(path)?.value;

  it("loads as YAML: a composite action with the documented inputs", () => {
    expect("error" in parsed ? parsed.error : undefined).toBeUndefined();
    expect(value("runs", "using")).toBe("composite");
    expect(value("inputs", "target", "required")).toBe(true);
    expect(value("inputs", "path", "default")).toBe(".");
    for (const input of ["args", "sarif"]) expect(value("inputs", input, "default"), input).toBe("");
    // No `version` input: the action runs its own checkout, never a package fetched from the registry by name.
    expect(action.keysOf(["inputs"])).toEqual(["target", "path", "args", "sarif"]);
    expect(text).not.toMatch(/npx (--yes |-y )?gpu-compat/);
  });

  it("gives every step a shell, and no script splices an input into its text", () => {
    const steps = action.keys().filter((k) => k.path.length === 4 && k.path[0] === "runs" && k.path[1] === "steps" && k.path[3] === "shell");
    expect(steps.length).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(value("runs", "steps", i, "shell")).toBe("bash");
      expect(String(value("runs", "steps", i, "run"))).not.toMatch(/\$\{\{/);
    }
  });

  it("its check step runs the checkout's CLI with the inputs, writing annotations and the SARIF file", () => {
    const script = String(value("runs", "steps", 2, "run"));
    const dirs = repos();
    const outputFile = join(tempDir(), "github-output");
    writeFileSync(outputFile, "");
    const step = (args: string) =>
      spawnSync("bash", ["-e", "-c", script], {
        cwd: dirs.error,
        encoding: "utf8",
        env: {
          ...process.env,
          NO_COLOR: "1",
          GITHUB_ACTION_PATH: REPO_ROOT,
          GITHUB_OUTPUT: outputFile,
          GPU_COMPAT_TARGET: "kaggle-t4x2",
          GPU_COMPAT_PATH: ".",
          GPU_COMPAT_ARGS: args,
          GPU_COMPAT_SARIF: "gpu-compat.sarif",
        },
      });
    const failing = step("");
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/^::error file=train\.py,line=2,.*title=gpu-compat flash-attention-2::/);
    expect(sarifSchemaErrors(JSON.parse(readFileSync(join(dirs.error, "gpu-compat.sarif"), "utf8")))).toEqual([]);
    expect(readFileSync(outputFile, "utf8")).toContain("sarif=gpu-compat.sarif\n");
    // The args input: split on spaces, globs left alone.
    expect(step("--exit-zero --exclude *.py").status).toBe(0);
    expect(step("--fail-on error --exclude *.py").stdout).toContain("No issues found.");
  });
});
