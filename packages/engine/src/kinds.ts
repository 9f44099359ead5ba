import { loadPythonParser, type Backend, type TreeParser } from "@gpu-compat/python";
import { loadShellParser } from "@gpu-compat/shell";
import type { FileKind } from "@gpu-compat/rules";
import { pythonAdapter, requirementsAdapter, shellAdapter, type DocumentAdapter } from "./adapters.js";

/** The kinds of file the engine reads, told from the file name. */
export type DiskKind = "python" | "shell" | "requirements.txt" | "pyproject.toml";

export function kindOfPath(path: string): DiskKind | null {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (name.endsWith(".py") || name.endsWith(".pyi")) return "python";
  if (name.endsWith(".sh") || name.endsWith(".bash")) return "shell";
  if (/^requirements.*\.txt$/.test(name)) return "requirements.txt";
  if (name === "pyproject.toml") return "pyproject.toml";
  return null;
}

/** The kinds of rule check that read a kind of file. */
export function checkedKinds(kind: DiskKind): FileKind[] {
  switch (kind) {
    case "python":
      return ["python"];
    case "shell":
      return ["shell"];
    case "requirements.txt":
    case "pyproject.toml":
      return ["requirements"];
  }
}

/** The tree-sitter parsers one thread needs, loaded once. */
export interface Parsers {
  python: TreeParser;
  shell: TreeParser;
}

export async function loadParsers(backend?: Backend): Promise<Parsers> {
  const options = backend ? { backend } : {};
  return { python: await loadPythonParser(options), shell: await loadShellParser(options) };
}

/** The adapter that reads a file of this kind. */
export function adapterFor(kind: DiskKind, parsers: Parsers): DocumentAdapter {
  switch (kind) {
    case "python":
      return pythonAdapter(parsers.python);
    case "shell":
      return shellAdapter(parsers.shell);
    case "requirements.txt":
    case "pyproject.toml":
      return requirementsAdapter(kind);
  }
}
