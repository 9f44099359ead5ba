// The README's first command: rewrites a temporary copy of a sample repo for a T4 and prints where the report is.
// The sample in fixtures/ itself stays unchanged.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const sample = process.argv[2] ?? "kaggle-llm-finetune";
const target = process.argv[3] ?? "t4";
const work = mkdtempSync(join(tmpdir(), "gpu-compat-demo-"));
const repo = join(work, sample);
cpSync(join(root, "fixtures", sample), repo, { recursive: true });

console.log(`gpu-compat fix ${repo} --target ${target}\n`);
const run = spawnSync(
  process.execPath,
  [join(root, "bin/gpu-compat.js"), "fix", repo, "--target", target, "--report", join(work, "gpu-compat-report.md")],
  { stdio: "inherit" },
);
console.log(`\nThe rewritten copy is in ${repo}; fixtures/${sample} is unchanged.`);
process.exit(run.status ?? 1);
