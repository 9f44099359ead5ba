// A vitest global setup: every temporary folder the tests make (mkdtempSync(join(tmpdir(), ...))) goes under one
// folder of this run, which is removed when the run ends; the tests left hundreds in /tmp before. os.tmpdir() reads
// TMPDIR on each call, and vitest's workers, started after this, inherit it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function tempRoot() {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), "gpu-compat-tests-"));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
