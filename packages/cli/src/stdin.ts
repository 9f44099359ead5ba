import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { kindOfPath } from "@gpu-compat/engine";
import { UsageError } from "./exit-codes.js";

/** The path `-` stands for: the source is read from stdin, as `ruff check -` reads it. */
export const STDIN_PATH = "-";

export function isStdin(paths: string | readonly string[]): boolean {
  const list = typeof paths === "string" ? [paths] : paths;
  if (!list.includes(STDIN_PATH)) return false;
  if (list.length > 1) throw new UsageError("`-` (read the source from stdin) cannot be combined with other paths");
  return true;
}

/** Where the source read from stdin sits for the run: a copy in a fresh folder, under the name it was given. */
export interface StdinSource {
  /** The run's root: the fresh folder. */
  root: string;
  /** The copy, inside `root`. */
  file: string;
  /** The folder the settings are searched from: the one `--stdin-filename` names, as for the real file. */
  settingsFrom: string;
  dispose(): void;
}

/**
 * Copies the text read from stdin into a temporary folder, at the path `--stdin-filename` gives relative to
 * the working directory (its base name when it is outside), so that the file's kind and the path rules (test
 * files, conversion scripts) are those of the real file, and findings name it as the user does.
 */
export function stdinSource(cwd: string, bytes: Buffer, stdinFilename: string | undefined): StdinSource {
  const name = stdinFilename ?? "stdin.py";
  const absolute = resolve(cwd, name);
  const rel = relative(cwd, absolute);
  const inside = rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
  const path = inside ? rel : basename(absolute);
  if (kindOfPath(path.split(sep).join("/")) === null) {
    throw new UsageError(`--stdin-filename ${name}: not a kind of file gpu-compat reads (Python, a notebook, a shell script, a config); the name sets the kind`);
  }
  const root = mkdtempSync(join(tmpdir(), "gpu-compat-stdin-"));
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return { root, file, settingsFrom: dirname(absolute), dispose: () => rmSync(root, { recursive: true, force: true }) };
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
