// A jscodeshift transform running the same rules as `gpu-compat fix` on each file jscodeshift hands over:
//   npx jscodeshift -t dist/jscodeshift.cjs --extensions=py,ipynb --target=t4 ./repo
// jscodeshift reads and writes the files; the transform never asks it to parse one (its parsers know JavaScript).
import { readFileSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { adapterFor, createProjectFacts, decodeUtf8, kindOfPath, loadParsers, MAX_FILE_BYTES, processDocument, type Parsers } from "@gpu-compat/engine";
import { rulesFor, type PrecisionChoice } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";

export interface FileInfo {
  path: string;
  source: string;
}

/** The part of jscodeshift's API the transform uses. */
export interface Api {
  report?: (message: string) => void;
}

/** jscodeshift passes its own options and every unknown flag (`--target=t4`) in one object. */
export interface TransformOptions {
  target?: unknown;
  precision?: unknown;
}

const PRECISIONS: readonly PrecisionChoice[] = ["auto", "fp32", "fp16"];
const BOM = "\uFEFF";

let parsers: Promise<Parsers> | undefined;

/** Returns the rewritten source, or undefined when nothing changes (jscodeshift counts the file as skipped). */
export default async function transform(file: FileInfo, api: Api, options: TransformOptions): Promise<string | undefined> {
  if (typeof options.target !== "string") {
    throw new Error("gpu-compat needs a target: pass --target=<name> to jscodeshift (t4, t4x2, p100, kaggle-t4x2, ...; `gpu-compat targets` lists them)");
  }
  const target = resolveTarget(options.target);
  const precision = options.precision ?? "auto";
  if (!PRECISIONS.includes(precision as PrecisionChoice)) throw new Error(`--precision must be one of ${PRECISIONS.join(", ")}, not ${String(precision)}`);

  const kind = kindOfPath(file.path.split(sep).join("/"));
  if (!kind || file.source.includes("\0") || Buffer.byteLength(file.source) > MAX_FILE_BYTES) return undefined;
  // jscodeshift decodes as UTF-8 without complaint and would write the replacement characters back.
  if (file.source.includes("\uFFFD")) assertUtf8(file.path);
  const bom = file.source.startsWith(BOM);
  const text = bom ? file.source.slice(BOM.length) : file.source;

  const outcome = processDocument(adapterFor(kind, await (parsers ??= loadParsers())), file.path, text, {
    target,
    rules: rulesFor(target),
    mode: "fix",
    precision: precision as PrecisionChoice,
    // As `gpu-compat fix <file>`: model folders are looked up next to the file.
    project: createProjectFacts(dirname(resolve(file.path))),
  });
  if (outcome.fixed === undefined && outcome.diagnostics.length > 0) throw new Error(outcome.diagnostics.map((d) => d.message).join("; "));
  for (const diagnostic of outcome.diagnostics) api.report?.(diagnostic.message);
  return outcome.fixed === undefined ? undefined : (bom ? BOM : "") + outcome.fixed;
}

function assertUtf8(path: string): void {
  try {
    decodeUtf8(readFileSync(path));
  } catch {
    throw new Error("the file is not valid UTF-8; gpu-compat reads UTF-8 source only, so it was left unchanged");
  }
}
