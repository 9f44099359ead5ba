import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Rule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";

export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** Targets every rule's fixtures are checked on; a100 is the "nothing to do" control. */
export const FIXTURE_TARGETS = ["t4", "t4x2", "p100", "k80", "a100"] as const;

/** Hosted platforms, each with the plain target of the same GPUs. */
export const PLATFORM_FIXTURE_TARGETS = { "kaggle-t4x2": "t4x2", "kaggle-p100": "p100", "colab-t4": "t4" } as const;

/** Targets a few rules' fixtures are also checked on, where those rules draw a line no other target shows. */
const EXTRA_FIXTURE_TARGETS: Readonly<Record<string, readonly string[]>> = {
  // Volta keeps PyTorch's default wheels until 2.11; Kaggle's image comes with a torch of its own.
  "torch-wheel-arch": ["v100", "kaggle-p100"],
  // CUDA 13 toolkits and the arch lists of Ampere-only repos leave out Volta too.
  "cuda-arch-list": ["v100"],
  // Runs only there: the report-only TPU target.
  "tpu-cuda-code": ["kaggle-tpu-v3-8"],
};

/** Whether a target is one of the rule's extra targets, where a positive case may rightly find nothing. */
export function isExtraFixtureTarget(rule: Rule, target: string): boolean {
  return EXTRA_FIXTURE_TARGETS[rule.id]?.includes(target) ?? false;
}

/**
 * The targets a rule's fixtures are checked on: FIXTURE_TARGETS, plus the platforms for a rule that runs on a
 * platform but not on the same GPUs without it (it reads the platform's CPUs or /dev/shm). Other rules behave on
 * a platform as on its GPUs, so their snapshots need no section per platform.
 */
export function fixtureTargetsOf(rule: Rule): string[] {
  const platforms = Object.entries(PLATFORM_FIXTURE_TARGETS)
    .filter(([platform, plain]) => rule.appliesTo(resolveTarget(platform)) && !rule.appliesTo(resolveTarget(plain)))
    .map(([platform]) => platform);
  return [...FIXTURE_TARGETS, ...platforms, ...(EXTRA_FIXTURE_TARGETS[rule.id] ?? [])];
}

export interface FixtureCase {
  rule: string;
  name: string;
  inputPath: string;
  /**
   * The file name the engine sees, which decides its kind: `case.py` for `x.input.py`, `case.sh` for
   * `x.input.sh`, `requirements.txt` for `x.input.requirements.txt`, `pyproject.toml` for `x.input.pyproject.toml`.
   */
  virtualPath: string;
  /**
   * `<case>.project/` beside the input, when there is one: the other files of the case's repository (the script
   * a launch runs), which the case's runs read as project facts.
   */
  projectDir?: string;
  /** `ok-` cases must produce no finding on any target. */
  negative: boolean;
  /** `hint-` cases must produce findings but no edit. */
  hintOnly: boolean;
  /** The input's file name, which titles the case's section in its rule's snapshot. */
  file: string;
  /**
   * `<rule>/<rule>.snap`, the rule's snapshot file: one section per case with the findings and the fix on every
   * target (see packages/rules/README.md).
   */
  snapshotPath: string;
}

export function fixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const rule of readdirSync(FIXTURES_DIR).sort()) {
    for (const file of readdirSync(FIXTURES_DIR + rule).sort()) {
      const marker = file.indexOf(".input.");
      if (marker === -1) continue;
      const name = file.slice(0, marker);
      const extension = file.slice(marker + ".input.".length);
      const projectDir = `${FIXTURES_DIR}${rule}/${name}.project`;
      cases.push({
        ...(existsSync(projectDir) ? { projectDir } : {}),
        rule,
        name,
        inputPath: `${FIXTURES_DIR}${rule}/${file}`,
        virtualPath: extension.includes(".") ? extension : `case.${extension}`,
        negative: name.startsWith("ok-"),
        hintOnly: name.startsWith("hint-"),
        file,
        snapshotPath: `${FIXTURES_DIR}${rule}/${rule}.snap`,
      });
    }
  }
  return cases;
}

/** The files of a case's `<case>.project/` folder, by their path inside it. */
export function projectFiles(fixture: FixtureCase): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = `${dir}/${entry}`;
      if (statSync(path).isDirectory()) walk(path, `${prefix}${entry}/`);
      else files[`${prefix}${entry}`] = readFileSync(path, "utf8");
    }
  };
  if (fixture.projectDir) walk(fixture.projectDir, "");
  return files;
}
