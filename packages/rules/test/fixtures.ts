import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** Targets every rule's fixtures are checked on; a100 is the "nothing to do" control. */
export const FIXTURE_TARGETS = ["t4", "t4x2", "p100", "k80", "a100"] as const;

export interface FixtureCase {
  rule: string;
  name: string;
  inputPath: string;
  /**
   * The file name the engine sees, which decides its kind: `case.py` for `x.input.py`, `case.sh` for
   * `x.input.sh`, `requirements.txt` for `x.input.requirements.txt`, `pyproject.toml` for `x.input.pyproject.toml`.
   */
  virtualPath: string;
  /** `ok-` cases must produce no finding on any target. */
  negative: boolean;
  /** `hint-` cases must produce findings but no edit. */
  hintOnly: boolean;
  expectedPath(target: string): string;
}

export function fixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const rule of readdirSync(FIXTURES_DIR).sort()) {
    for (const file of readdirSync(FIXTURES_DIR + rule).sort()) {
      const marker = file.indexOf(".input.");
      if (marker === -1) continue;
      const name = file.slice(0, marker);
      const extension = file.slice(marker + ".input.".length);
      cases.push({
        rule,
        name,
        inputPath: `${FIXTURES_DIR}${rule}/${file}`,
        virtualPath: extension.includes(".") ? extension : `case.${extension}`,
        negative: name.startsWith("ok-"),
        hintOnly: name.startsWith("hint-"),
        expectedPath: (target) => `${FIXTURES_DIR}${rule}/${name}.${target}.${extension}`,
      });
    }
  }
  return cases;
}
