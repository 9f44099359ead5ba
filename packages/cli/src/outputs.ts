import { accessSync, constants, existsSync, mkdirSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import { dirname, relative, sep } from "node:path";
import { kindOfPath, prepareOutput, type PreparedOutput } from "@gpu-compat/engine";
import { UsageError } from "./exit-codes.js";

/** A file the CLI writes besides the sources (the report, SARIF), checked before the run. */
export interface OutputFile {
  /** Absolute. */
  path: string;
  flag: string;
}

/**
 * Checks where an output will go before anything is read or written, so that a bad path stops the run with
 * exit 2 and nothing touched: not a directory, a folder that exists or can be made and is writable, and not a
 * source file of the run (`--report train.py` would replace it). An earlier gpu-compat output there is fine.
 */
export function checkOutputPath(flag: string, path: string, root: string): OutputFile {
  let stat: Stats | undefined;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR") throw new UsageError(`${flag} ${path}: a folder on that path is a file`);
    if (code !== "ENOENT") throw new UsageError(`${flag} ${path}: ${(error as Error).message}`);
  }
  if (stat?.isDirectory()) throw new UsageError(`${flag} ${path} is a directory; give the path of a file`);
  if (stat?.isFile() && isSourceOf(root, path) && !isGpuCompatOutput(path)) {
    throw new UsageError(`${flag} ${path} is a source file this run reads; writing there would replace it. Choose another path`);
  }
  let folder = dirname(path);
  while (!existsSync(folder)) folder = dirname(folder);
  if (!statSync(folder).isDirectory()) throw new UsageError(`${flag} ${path}: ${folder} is not a directory`);
  try {
    accessSync(folder, constants.W_OK);
    if (stat) accessSync(path, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EROFS" ? "the file system is read-only" : "permission denied";
    throw new UsageError(`${flag} ${path} cannot be written: ${why}`);
  }
  return { path, flag };
}

/** Writes the bytes beside the output, to be renamed into place by `commit` (see prepareOutput). */
export function prepareOutputFile(output: OutputFile, text: string): PreparedOutput {
  try {
    mkdirSync(dirname(output.path), { recursive: true });
    return prepareOutput(output.path, Buffer.from(text, "utf8"));
  } catch (error) {
    throw new UsageError(`${output.flag} ${output.path} could not be written: ${describeWriteError(error)}`);
  }
}

export function writeOutput(output: OutputFile, text: string): void {
  const prepared = prepareOutputFile(output, text);
  try {
    prepared.commit();
  } catch (error) {
    throw new UsageError(`${output.flag} ${output.path} could not be written: ${describeWriteError(error)}`);
  }
}

function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOSPC") return "no space left on the device";
  if (code === "EROFS") return "the file system is read-only";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return (error as Error).message;
}

/** A file of a kind gpu-compat reads, inside the run's root. */
function isSourceOf(root: string, path: string): boolean {
  const realRoot = realpathSync(root);
  const real = realpathSync(path);
  const inside = real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  return inside && kindOfPath(relative(statSync(realRoot).isDirectory() ? realRoot : dirname(realRoot), real).split(sep).join("/")) !== null;
}

/** An earlier run's JSON, SARIF or Markdown report (`docs/` Markdown is read too), which a new run may replace. */
function isGpuCompatOutput(path: string): boolean {
  try {
    const text = readFileSync(path, "utf8");
    if (text.startsWith("# gpu-compat report\n")) return true;
    const document = JSON.parse(text) as { tool?: unknown; runs?: { tool?: { driver?: { name?: unknown } } }[] };
    return document.tool === "gpu-compat" || document.runs?.[0]?.tool?.driver?.name === "gpu-compat";
  } catch {
    return false;
  }
}
