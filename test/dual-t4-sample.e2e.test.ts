import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, copyFixture, listFiles, REPO_ROOT, snapshotTree, tempDir } from "./cli-helpers.js";
import { pythonSyntaxErrors } from "./python-oracle.js";

// Issue 4: a Kaggle dual-T4 LLM job written for 8 x A100 (7B model, 8-GPU launcher, `.to("cuda")` after loading,
// a DataLoader with 8 workers, a Triton kernel autotuned on H100), rewritten for two T4s. The plain `t4x2`
// target knows the GPUs; `kaggle-t4x2` also knows the host (4 CPUs), so only it changes the loader's workers.
const SAMPLE = "kaggle-dual-t4-llm";
const update = process.env.UPDATE_FIXTURES === "1";

function fixRun(target: string) {
  const repo = copyFixture(SAMPLE);
  const before = snapshotTree(repo);
  const reportPath = join(tempDir(), "report.md");
  const run = cli(["fix", repo, "--target", target, "--report", reportPath]);
  const after = snapshotTree(repo);
  const changed = [...after.keys()].filter((file) => !after.get(file)!.equals(before.get(file)!));
  return { repo, run, after, changed, report: () => readFileSync(reportPath, "utf8") };
}

describe.each([
  { target: "t4x2", files: ["infer.py", "kernels/matmul.py", "scripts/train.sh"] },
  { target: "kaggle-t4x2", files: ["infer.py", "kernels/matmul.py", "scripts/train.sh"] },
])(`gpu-compat fix on ${SAMPLE}, target $target`, ({ target, files }) => {
  const expected = join(REPO_ROOT, "test/expected", SAMPLE, target);
  const { repo, run, after, changed, report } = fixRun(target);

  it("rewrites the launcher, the inference load and the kernel configs, byte for byte as expected", () => {
    expect(run.status, run.stderr).toBe(0);
    if (update) {
      for (const file of changed) {
        mkdirSync(join(expected, file, ".."), { recursive: true });
        writeFileSync(join(expected, file), after.get(file)!);
      }
    }
    expect(changed).toEqual(files);
    expect(changed).toEqual(listFiles(expected));
    for (const file of changed) expect(after.get(file)!.toString("utf8"), file).toBe(readFileSync(join(expected, file), "utf8"));
    expect(pythonSyntaxErrors(listFiles(repo).filter((f) => f.endsWith(".py")).map((f) => join(repo, f)))).toEqual([]);
  });

  it("gives the numbers behind each decision in the report", () => {
    const text = report();
    // Memory: estimate vs one GPU vs all GPUs.
    expect(text).toMatch(/needs ~16 GiB in float16, more than one Tesla T4's 15 GiB but within the 2 x 15 GiB/);
    // Launcher: old and new process count, and the global batch kept.
    expect(text).toContain("starts 8 processes, one per GPU, but the target is 2 x Tesla T4");
    expect(text).toContain("gradient_accumulation_steps 4 -> 16, so the global batch stays 4 x 8 x 4 = 128 (now 4 x 2 x 16)");
    // Shared memory: bytes vs the block limit, for the removed config and the kept 128x128x64 three-stage one.
    expect(text).toContain("gives one block (65536 B, 64 KiB)");
    expect(text).toContain("= 98304 B");
    // train.py loads one copy per process (device_map={"": local_rank}): its two-process launch keeps its placement.
    expect(text).not.toContain("device-map-ddp");
    expect(text).toContain("`BLOCK_M=128, BLOCK_N=128, BLOCK_K=64, num_stages=3` needs 1 x (128x64 + 64x128) x 2 B = 32768 B (Triton 2.x: 98304 B, over the limit)");
  });

  it("changes nothing on a second run", () => {
    expect(cli(["fix", repo, "--target", target, "--report", join(tempDir(), "again.md")]).status).toBe(0);
    const again = snapshotTree(repo);
    for (const [file, bytes] of after) expect(again.get(file)!.equals(bytes), file).toBe(true);
  });
});
