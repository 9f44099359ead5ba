// The real jscodeshift runner with the transform the bundle ships (dist/jscodeshift.cjs, built by `pnpm install` and
// `pnpm bundle`): it must rewrite a sample repo's Python files and notebooks exactly as `gpu-compat fix` does.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, copyFixture, REPO_ROOT, runCommand, snapshotTree, tempDir } from "./cli-helpers.js";

const JSCODESHIFT = join(REPO_ROOT, "node_modules/jscodeshift/bin/jscodeshift.js");
const TRANSFORM = join(REPO_ROOT, "dist/jscodeshift.cjs");

/** Runs jscodeshift in `cwd` as the README shows it, over the folder `.`, honouring its .gitignore as `fix` does. */
function jscodeshift(cwd: string, ...flags: string[]) {
  const gitignore = existsSync(join(cwd, ".gitignore")) ? ["--gitignore"] : [];
  const args = [JSCODESHIFT, "-t", TRANSFORM, "--extensions=py,ipynb", ...gitignore, ...flags, "."];
  // Not vitest's NODE_ENV=test: jscodeshift's Babel runs about ten times slower under it, and users do not set it.
  const { NODE_ENV: _test, ...env } = process.env;
  return runCommand(process.execPath, args, { cwd, env: { ...env, NO_COLOR: "1" } });
}

/** jscodeshift's summary: how many files it wrote ("ok"), left as they were, or failed on. */
function summary(output: string) {
  const count = (label: string) => Number(new RegExp(`(\\d+) ${label}`).exec(output)?.[1] ?? Number.NaN);
  return { ok: count("ok"), errors: count("errors") };
}

const pythonAndNotebooks = (tree: Map<string, Buffer>) => new Map([...tree].filter(([path]) => /\.(py|ipynb)$/.test(path)));

describe("jscodeshift transform", () => {
  beforeAll(() => {
    if (!existsSync(TRANSFORM)) throw new Error(`${TRANSFORM} is missing: \`pnpm bundle\` (or \`node scripts/bundle.mjs\`) builds it`);
  });

  it.each(["kaggle-llm-finetune", "kaggle-notebook"])("rewrites %s's .py and .ipynb files as `gpu-compat fix` does, and a second run changes nothing", async (sample) => {
    const viaCli = copyFixture(sample);
    const fix = cli(["fix", viaCli, "--target", "t4", "--report", join(tempDir(), "report.md")]);
    expect(fix.status, fix.stderr).toBe(0);

    const viaJscodeshift = copyFixture(sample);
    const before = snapshotTree(viaJscodeshift);
    const first = await jscodeshift(viaJscodeshift, "--target=t4");
    expect(first.status, first.output).toBe(0);
    const after = snapshotTree(viaJscodeshift);
    const changed = [...after].filter(([path, bytes]) => !before.get(path)!.equals(bytes)).map(([path]) => path);
    expect(changed.length).toBeGreaterThan(0);
    expect(summary(first.output)).toEqual({ ok: changed.length, errors: 0 });
    expect(pythonAndNotebooks(after)).toEqual(pythonAndNotebooks(snapshotTree(viaCli)));

    const second = await jscodeshift(viaJscodeshift, "--target=t4");
    expect(summary(second.output)).toEqual({ ok: 0, errors: 0 });
    expect(snapshotTree(viaJscodeshift)).toEqual(after);
  });

  it("fails every file, naming the flag, when --target is missing", async () => {
    const repo = copyFixture("kaggle-llm-finetune");
    const before = snapshotTree(repo);
    const run = await jscodeshift(repo, "--fail-on-error");
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("pass --target=<name> to jscodeshift");
    expect(snapshotTree(repo)).toEqual(before);
  });

  it("reads the target, exclude and per-file-ignores from the repo's settings, as `gpu-compat fix` does", async () => {
    const settings = [
      "[tool.gpu-compat]",
      'target = "t4"',
      'exclude = ["infer.py"]',
      '"per-file-ignores" = { "src/*.py" = ["precision"] }',
      "",
    ].join("\n");
    const withSettings = (dir: string) => {
      writeFileSync(join(dir, "pyproject.toml"), settings);
      return dir;
    };
    const viaCli = withSettings(copyFixture("kaggle-llm-finetune"));
    const fix = cli(["fix", viaCli, "--report", join(tempDir(), "report.md")]);
    expect(fix.status, fix.stderr).toBe(0);

    const viaJscodeshift = withSettings(copyFixture("kaggle-llm-finetune"));
    const before = snapshotTree(viaJscodeshift);
    const run = await jscodeshift(viaJscodeshift);
    expect(run.status, run.output).toBe(0);
    const after = snapshotTree(viaJscodeshift);
    expect(pythonAndNotebooks(after)).toEqual(pythonAndNotebooks(snapshotTree(viaCli)));
    // The settings made a difference: infer.py is excluded, and src/modeling.py loses only its attention rewrite.
    expect(after.get("infer.py")).toEqual(before.get("infer.py"));
    const modeling = after.get("src/modeling.py")!.toString();
    expect(modeling).toContain("torch_dtype=T.bfloat16,");
    expect(modeling).toContain('attn_implementation="sdpa",');
  });
});
