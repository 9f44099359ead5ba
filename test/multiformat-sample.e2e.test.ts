import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "@gpu-compat/config";
import { describe, expect, it } from "vitest";
import { cli, copyFixture, listFiles, REPO_ROOT, snapshotTree, tempDir } from "./cli-helpers.js";

// Issue 5: a Kaggle repo whose GPU assumptions live in a notebook, accelerate/DeepSpeed/Axolotl configs and a
// launch script, rewritten for two T4s by one `fix` run.
const SAMPLE = "kaggle-multiformat";
const EXPECTED = join(REPO_ROOT, "test/expected", SAMPLE, "t4x2");
const update = process.env.UPDATE_FIXTURES === "1";

describe(`gpu-compat fix on ${SAMPLE}, target t4x2`, () => {
  const repo = copyFixture(SAMPLE);
  const before = snapshotTree(repo);
  const reportPath = join(tempDir(), "report.md");
  const first = cli(["fix", repo, "--target", "t4x2", "--report", reportPath]);
  const after = snapshotTree(repo);
  const changed = [...after.keys()].filter((file) => !after.get(file)!.equals(before.get(file)!));

  it("rewrites the notebook, every config and the launch script, byte for byte as expected", () => {
    expect(first.status).toBe(0);
    if (update) {
      for (const file of changed) {
        mkdirSync(join(EXPECTED, file, ".."), { recursive: true });
        writeFileSync(join(EXPECTED, file), after.get(file)!);
      }
    }
    expect(changed).toEqual(listFiles(EXPECTED));
    expect(changed).toEqual(["configs/accelerate.yaml", "configs/axolotl-lora.yaml", "configs/ds_zero2.json", "gemma-qlora-kaggle.ipynb", "scripts/train.sh"]);
    for (const file of changed) expect(after.get(file)!.toString("utf8"), file).toBe(readFileSync(join(EXPECTED, file), "utf8"));
  });

  it("leaves every file loadable, with comments kept", () => {
    const text = (file: string) => after.get(file)!.toString("utf8");
    expect(() => JSON.parse(text("configs/ds_zero2.json"))).not.toThrow();
    expect(JSON.parse(text("gemma-qlora-kaggle.ipynb")).nbformat).toBe(4);
    const value = (file: string, key: string) => {
      const config = parseConfig(text(file), "yaml");
      if ("error" in config) throw new Error(config.error);
      return config.get([key])?.value;
    };
    expect(value("configs/accelerate.yaml", "mixed_precision")).toBe("fp16");
    expect(text("configs/accelerate.yaml")).toContain("# accelerate config written on an 8 x A100 node");
    expect(["fp16", "tf32", "sdp_attention"].map((key) => value("configs/axolotl-lora.yaml", key))).toEqual([true, false, true]);
    expect(text("scripts/train.sh")).toContain('echo "done: trained with --bf16 True"');
  });

  it("reports notebook findings by cell, and config findings with their key paths", () => {
    expect(first.stdout).toMatch(/gemma-qlora-kaggle\.ipynb:cell \d+:\d+:\d+: error\[trainer-bf16\]/);
    const report = readFileSync(reportPath, "utf8");
    expect(report).toMatch(/\[`gemma-qlora-kaggle\.ipynb, cell \d+, line \d+`\]\([^)#]*gemma-qlora-kaggle\.ipynb\)/);
    expect(report).toMatch(/\[`configs\/ds_zero2\.json:\d+ \(bf16\)`\]\([^)]*configs\/ds_zero2\.json#L\d+\)/);
    expect(report).toMatch(/`configs\/accelerate\.yaml:\d+ \(mixed_precision\)`/);
  });

  it("changes nothing on a second run", () => {
    expect(cli(["fix", repo, "--target", "t4x2", "--report", join(tempDir(), "again.md")]).status).toBe(0);
    const again = snapshotTree(repo);
    for (const [file, bytes] of after) expect(again.get(file)!.equals(bytes), file).toBe(true);
  });
});
