import type { TreeParser } from "@gpu-compat/python";
import { parseConfig } from "@gpu-compat/config";
import { makefileScript } from "@gpu-compat/shell";
import type { FileKind } from "@gpu-compat/rules";
import { configAdapter, cudaAdapter, dockerfileAdapter, markdownAdapter, pythonAdapter, requirementsAdapter, shellAdapter, type DocumentAdapter } from "./adapters.js";
import { notebookAdapter } from "./notebook-adapter.js";

/** The kinds of file the engine reads, told from the file name. */
export type DiskKind = "python" | "notebook" | "shell" | "makefile" | "dockerfile" | "markdown" | "requirements.txt" | "pyproject.toml" | "yaml" | "json" | "cuda";

// JSON that is never a training config: JS tooling, editor settings (often with comments), tokenizer files.
const NOT_CONFIG_JSON = /^(package(-lock)?|composer|jsconfig|tsconfig(\..*)?|tokenizer(_config)?|special_tokens_map|added_tokens|vocab)\.json$/;
const NOT_CONFIG_DIRS = /(^|\/)\.(vscode|devcontainer|idea)\//;

/** Documentation whose shell code blocks are read, for hints only: READMEs anywhere, Markdown under a `docs/` folder. */
const DOCS_MARKDOWN = /(^|\/)docs\/(.*\/)?[^/]*\.md$/;

/** `Dockerfile`, `Dockerfile.cuda`, `Dockerfile_amd`, `train.Dockerfile` (the names `docker build -f` is given by convention). */
const DOCKERFILE = /^(?:dockerfile(?:[._-][\w.-]+)?|[\w.-]+\.dockerfile)$/i;
/** `Dockerfile.md`, `Dockerfile.dockerignore`: about a Dockerfile, not one. */
const NOT_DOCKERFILE = /\.(?:md|rst|txt|dockerignore|orig|bak)$/i;

/** `path`: relative to the checked root, with `/` separators (a folder's name counts for JSON and Markdown). */
export function kindOfPath(path: string): DiskKind | null {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (name.endsWith(".py") || name.endsWith(".pyi")) return "python";
  if (name.endsWith(".ipynb")) return "notebook";
  // Slurm batch scripts are bash with `#SBATCH` comment headers.
  if (name.endsWith(".sh") || name.endsWith(".bash") || name.endsWith(".slurm") || name.endsWith(".sbatch")) return "shell";
  if (name === "Makefile" || name === "makefile" || name === "GNUmakefile" || name.endsWith(".mk")) return "makefile";
  if (DOCKERFILE.test(name) && !NOT_DOCKERFILE.test(name)) return "dockerfile";
  if (/^requirements.*\.txt$/.test(name)) return "requirements.txt";
  if (name === "pyproject.toml") return "pyproject.toml";
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return "yaml";
  if (name.endsWith(".json") && !NOT_CONFIG_JSON.test(name) && !NOT_CONFIG_DIRS.test(path)) return "json";
  if (name.endsWith(".cu") || name.endsWith(".cuh")) return "cuda";
  if (/^readme\.md$/i.test(name) || DOCS_MARKDOWN.test(path)) return "markdown";
  return null;
}

/** The kinds of rule check that read a kind of file. */
export function checkedKinds(kind: DiskKind): FileKind[] {
  switch (kind) {
    case "python":
      return ["python"];
    case "notebook":
      return ["python", "shell"];
    case "shell":
    case "makefile":
    case "dockerfile":
    case "markdown":
      return ["shell"];
    case "requirements.txt":
    case "pyproject.toml":
      return ["requirements"];
    case "yaml":
    case "json":
      return ["config"];
    case "cuda":
      return ["cuda"];
  }
}

/** The tree-sitter parsers one thread needs, loaded once. */
export interface Parsers {
  python: TreeParser;
  shell: TreeParser;
}

/** The adapter that reads a file of this kind. */
export function adapterFor(kind: DiskKind, parsers: Parsers): DocumentAdapter {
  switch (kind) {
    case "python":
      return pythonAdapter(parsers.python);
    case "notebook":
      return notebookAdapter(parsers);
    case "shell":
      return shellAdapter(parsers.shell);
    case "makefile":
      return shellAdapter(parsers.shell, { embedded: makefileScript });
    case "dockerfile":
      return dockerfileAdapter(parsers.shell);
    case "markdown":
      return markdownAdapter(parsers.shell);
    case "requirements.txt":
    case "pyproject.toml":
      return requirementsAdapter(kind);
    case "yaml":
    case "json":
      return configAdapter((text) => parseConfig(text, kind));
    case "cuda":
      return cudaAdapter();
  }
}
