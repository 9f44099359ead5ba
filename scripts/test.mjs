// Runs the test suite with vitest and ends with one plain "tests: N passed, N failed" line, the closing line
// CI reads (vitest's own summary is not one it knows).
//
// Vitest fails a run on "Timeout calling onTaskUpdate" when a worker waited 60 s for the main process to take a
// progress update (a loaded machine; test/yield-between-tests.ts makes it rare): the update was delivered, only its
// answer came late. Such a run passes here when that is its only error and every test passed in the report.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "gpu-compat-vitest-"));
const resultsFile = join(dir, "results.json");
const errorsFile = join(dir, "errors.json");
const vitest = spawnSync(
  process.execPath,
  [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--reporter=default",
    "--reporter=json",
    "--reporter=./scripts/vitest-unhandled-errors.mjs",
    `--outputFile.json=${resultsFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit", env: { ...process.env, GPU_COMPAT_VITEST_ERRORS: errorsFile } },
);
const RPC_TIMEOUT = /^\[vitest-worker\]: Timeout calling "onTaskUpdate"$/;

/** Every test file and test passed or was skipped, and vitest's only errors were its worker's RPC timeouts. */
function onlyRpcTimeouts(results) {
  let run;
  try {
    run = JSON.parse(readFileSync(errorsFile, "utf8"));
  } catch {
    return false;
  }
  const tests = results.testResults.flatMap((file) => file.assertionResults);
  return (
    run.state === "passed" &&
    run.errors.length > 0 &&
    run.errors.every((message) => RPC_TIMEOUT.test(message)) &&
    results.numFailedTests === 0 &&
    results.numFailedTestSuites === 0 &&
    results.numPassedTests > 0 &&
    results.testResults.every((file) => file.status === "passed" && !file.message) &&
    tests.every((test) => ["passed", "skipped", "todo"].includes(test.status))
  );
}
let status = vitest.status ?? 1;
try {
  const results = JSON.parse(readFileSync(resultsFile, "utf8"));
  const skipped = results.numPendingTests + results.numTodoTests;
  if (results.numTotalTests === 0) status = 1;
  else if (vitest.status === 1 && onlyRpcTimeouts(results)) {
    console.log('note: every test passed; vitest\'s only errors were "Timeout calling onTaskUpdate" (its worker waited 60 s for an answer on a loaded machine), which do not fail this run');
    status = 0;
  }
  console.log(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
} catch {
  console.log("tests: 0 passed, 1 failed (vitest wrote no results)");
  status = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
