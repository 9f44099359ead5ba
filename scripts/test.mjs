// Runs the test suite with vitest and ends with one plain "tests: N passed, N failed" line, the closing line
// CI reads (vitest's own summary is not one it knows).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "gpu-compat-vitest-"));
const resultsFile = join(dir, "results.json");
const vitest = spawnSync(
  process.execPath,
  ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
let status = vitest.status ?? 1;
try {
  const results = JSON.parse(readFileSync(resultsFile, "utf8"));
  const skipped = results.numPendingTests + results.numTodoTests;
  console.log(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
  if (results.numTotalTests === 0) status = 1;
} catch {
  console.log("tests: 0 passed, 1 failed (vitest wrote no results)");
  status = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
