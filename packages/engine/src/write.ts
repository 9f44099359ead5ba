import { chmodSync, chownSync, closeSync, constants, fstatSync, openSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** A file's permissions and owner, which its rewrite keeps. */
export interface FileOwner {
  mode: number;
  uid: number;
  gid: number;
}

/** What the file was when it was read: its bytes, to notice a change made while gpu-compat ran, and its owner. */
export interface ReadFile extends FileOwner {
  bytes: Buffer;
  size: number;
}

/** The path is no longer a regular file (a FIFO, a device or a directory took its place): it is not read. */
export class NotRegularFileError extends Error {}

/**
 * Reads a regular file, and only a regular file: it is opened without blocking (a FIFO that replaced the file
 * since discovery would otherwise wait for a writer forever) and the open descriptor is checked, so what is read
 * is what was checked. `maxBytes`: larger files are not read (`bytes` is then empty).
 */
export function readRegularFile(path: string, maxBytes = Infinity): ReadFile {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotRegularFileError(stat.isDirectory() ? "it is a directory" : "it is not a regular file (a FIFO, socket or device)");
    const bytes = stat.size > maxBytes ? Buffer.alloc(0) : readFileSync(fd);
    return { bytes, size: stat.size, mode: stat.mode, uid: stat.uid, gid: stat.gid };
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces a file's content atomically: the bytes go to a temporary file beside it, which gets the original's
 * permissions (and owner and group, where the process may set them) and is then renamed over it, so a crash
 * leaves either the old file or the new one, never half. A symbolic link is written through: the rename replaces
 * its target, and the link stays a link. The file is compared first, byte for byte, with `was.bytes`, what it
 * held when it was read, so an edit made while gpu-compat ran is never overwritten.
 */
export function writeAtomically(path: string, bytes: Uint8Array, was: FileOwner & { bytes: Uint8Array }): void {
  const target = realpathSync(path);
  const now = readRegularFile(target);
  if (!now.bytes.equals(was.bytes)) throw new Error("the file changed on disk while gpu-compat ran; not overwritten");
  writeBeside(target, bytes, was);
}

/**
 * Writes a new file atomically (the report, SARIF, JSON output): a temporary file in the same folder, renamed over
 * `path`. Returns the rename still to do, so a caller can write the bytes before it commits to them. A path that
 * exists and is not a regular file (`/dev/stdout`) is written into directly, never replaced.
 */
export function prepareOutput(path: string, bytes: Uint8Array): PreparedOutput {
  let existing: ReturnType<typeof fstatSync> | undefined;
  try {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      existing = fstatSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    existing = undefined; // Not there yet.
  }
  if (existing && !existing.isFile()) return { commit: () => writeFileSync(path, bytes), discard: () => {} };
  const temp = tempPathFor(path);
  writeWhole(temp, bytes, existing ? existing.mode & 0o7777 : 0o666, false);
  return {
    commit: () => renameInto(temp, path),
    discard: () => removeTemp(temp),
  };
}

export interface PreparedOutput {
  commit(): void;
  discard(): void;
}

function writeBeside(target: string, bytes: Uint8Array, owner: FileOwner): void {
  const temp = tempPathFor(target);
  try {
    writeWhole(temp, bytes, owner.mode & 0o7777, true);
    keepOwner(temp, owner);
  } catch (error) {
    removeTemp(temp);
    throw error;
  }
  renameInto(temp, target);
}

function renameInto(temp: string, path: string): void {
  try {
    renameSync(temp, path);
  } catch (error) {
    removeTemp(temp);
    throw error;
  }
  pendingTemps.delete(temp);
}

/** `exactMode`: set the mode even where the process umask would narrow it (a source file keeps its own). */
function writeWhole(temp: string, bytes: Uint8Array, mode: number, exactMode: boolean): void {
  pendingTemps.add(temp);
  try {
    writeFileSync(temp, bytes, { mode, flag: "wx" });
    if (exactMode) chmodSync(temp, mode);
  } catch (error) {
    removeTemp(temp);
    throw error;
  }
}

/** Root rewriting another user's file: the new file would be root's; give it back to its owner. */
function keepOwner(temp: string, owner: FileOwner): void {
  const uid = process.getuid?.();
  if (uid === undefined || (uid === owner.uid && process.getgid?.() === owner.gid)) return;
  try {
    chownSync(temp, owner.uid, owner.gid);
  } catch {
    // Not allowed to give the file away (not root): it stays the writer's, as any editor's save would.
  }
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.gpu-compat-${process.pid}.tmp`);
}

/** Temporary files written and not yet renamed or removed, for `removePendingTemps` on a signal. */
const pendingTemps = new Set<string>();

function removeTemp(temp: string): void {
  if (!pendingTemps.delete(temp)) return;
  try {
    unlinkSync(temp);
  } catch {
    // Renamed into place already, or never created.
  }
}

/** Removes every temporary file this process left (a prepared output not committed), e.g. on SIGINT. */
export function removePendingTemps(): void {
  for (const temp of [...pendingTemps]) removeTemp(temp);
}
