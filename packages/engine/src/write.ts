import { chmodSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** What the file looked like when it was read, to notice a change made while gpu-compat ran. */
export interface ReadStamp {
  mtimeMs: number;
  size: number;
  mode: number;
}

export function stampOf(path: string): ReadStamp {
  const stat = statSync(path);
  return { mtimeMs: stat.mtimeMs, size: stat.size, mode: stat.mode };
}

/**
 * Replaces a file's content atomically: the bytes go to a temporary file beside it, which gets the original's
 * permissions and is then renamed over it, so a crash leaves either the old file or the new one, never half.
 */
export function writeAtomically(path: string, bytes: Uint8Array, readStamp: ReadStamp): void {
  const now = stampOf(path);
  if (now.mtimeMs !== readStamp.mtimeMs || now.size !== readStamp.size) {
    throw new Error("the file changed on disk while gpu-compat ran; not overwritten");
  }
  const temp = join(dirname(path), `.${basename(path)}.gpu-compat-${process.pid}.tmp`);
  try {
    writeFileSync(temp, bytes, { mode: readStamp.mode & 0o7777, flag: "wx" });
    chmodSync(temp, readStamp.mode & 0o7777); // The process umask may have narrowed the mode.
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing to clean up.
    }
    throw error;
  }
}
