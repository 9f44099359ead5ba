// A vitest reporter that scripts/test.mjs adds: writes the run's state and its unhandled errors' messages to the
// file GPU_COMPAT_VITEST_ERRORS names, so the script can tell vitest's own worker RPC timeouts from other errors.
import { writeFileSync } from "node:fs";

export default class UnhandledErrors {
  onTestRunEnd(_modules, errors, state) {
    const file = process.env.GPU_COMPAT_VITEST_ERRORS;
    if (file) writeFileSync(file, JSON.stringify({ state, errors: errors.map((error) => String(error?.message ?? error)) }));
  }
}
