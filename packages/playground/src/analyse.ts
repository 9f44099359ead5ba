// The engine in the browser: web-tree-sitter with the grammars the page's server hands out beside it (wasm/), and
// the same rules and fix passes as `gpu-compat fix` on one file (runOnText), computed without writing anything.
import { kindOfPath, notebookCellChanges, runOnText, type Diagnostic, type Finding, type Parsers } from "@gpu-compat/engine";
import { loadWasmParser } from "@gpu-compat/python";
import { diffBlocks, type DiffBlock } from "@gpu-compat/report";
import { resolveTarget, type Target } from "@gpu-compat/targets";

/** Where the page finds a .wasm file: `wasm/<name>`, beside it (`gpu-compat playground` serves them there). */
function wasmUrl(name: string): string {
  return new URL(`wasm/${name}`, document.baseURI).href;
}

let parsers: Promise<Parsers> | undefined;

/** The Python and bash parsers, loaded once (web-tree-sitter's runtime, then the two grammars). */
export function loadParsers(): Promise<Parsers> {
  return (parsers ??= (async () => {
    const locateRuntime = (file: string) => wasmUrl(file);
    const python = await loadWasmParser({ name: "tree-sitter-python", wasm: wasmUrl("tree-sitter-python.wasm"), locateRuntime });
    const shell = await loadWasmParser({ name: "tree-sitter-bash", wasm: wasmUrl("tree-sitter-bash.wasm"), locateRuntime });
    return { python, shell };
  })());
}

/**
 * What the page shows for one file on one target. `diffs`: none when nothing changed; a notebook's, one per changed
 * cell (its code, as the report shows it), else the file's one diff.
 */
export type Analysis =
  | { kind: "result"; target: Target; findings: Finding[]; diagnostics: Diagnostic[]; diffs: DiffBlock[] }
  | { kind: "problem"; message: string };

export async function analyse(name: string, source: string, targetName: string): Promise<Analysis> {
  let target: Target;
  try {
    target = resolveTarget(targetName);
  } catch (error) {
    return { kind: "problem", message: error instanceof Error ? error.message : String(error) };
  }
  const path = name.trim().replace(/\\/g, "/").replace(/^\/+/, "");
  const outcome = runOnText({ path, text: source, target, parsers: await loadParsers() });
  if ("unsupported" in outcome) return { kind: "problem", message: outcome.unsupported };
  if ("failed" in outcome) return { kind: "problem", message: `gpu-compat failed on this file (a bug: please report it): ${outcome.failed.split("\n")[0]}` };
  const { fixed } = outcome;
  const cells = fixed !== undefined && kindOfPath(path) === "notebook" ? notebookCellChanges(source, fixed) : undefined;
  const diffs = fixed === undefined || fixed === source ? [] : diffBlocks({ path, findings: outcome.findings, original: source, fixed, ...(cells ? { cells } : {}) });
  return { kind: "result", target, findings: outcome.findings, diagnostics: outcome.diagnostics, diffs };
}

/** "Python", "Jupyter notebook", ... for the file name's label; undefined when gpu-compat does not read it. */
export function kindLabel(name: string): string | undefined {
  const kind = kindOfPath(name.trim().replace(/\\/g, "/"));
  if (!kind) return undefined;
  const labels: Record<typeof kind, string> = {
    python: "Python",
    notebook: "Jupyter notebook",
    shell: "shell script",
    makefile: "Makefile",
    dockerfile: "Dockerfile",
    markdown: "Markdown (commands only)",
    "requirements.txt": "requirements file",
    "pyproject.toml": "pyproject.toml",
    yaml: "YAML config",
    json: "JSON config",
    cuda: "CUDA source",
  };
  return labels[kind];
}
