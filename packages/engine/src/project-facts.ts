import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { callNamedAt, PythonSource, type SyntaxNode, type TreeParser } from "@gpu-compat/python";
import type { ModelConfig, ProjectFacts, ProjectModule } from "@gpu-compat/rules";
import { discoverFiles } from "./discover.js";

/** A Python file of the project: its root-relative path (`/` separators) and its absolute path. */
export interface ProjectFile {
  path: string;
  absolute: string;
}

/**
 * Reads what rules ask about the repository: a model directory's `config.json`, for models the repo stores
 * itself, and the Python files that import a function from another module (to read its callers). Only paths
 * inside the root are read, each once. `python` gives the parser for other modules, once one is loaded;
 * `files`, the root's files as `discoverFiles(root)` lists them, when the caller has them (else they are listed
 * on the first question that needs them).
 */
export function createProjectFacts(root: string, python?: () => TreeParser | undefined, files?: readonly ProjectFile[]): ProjectFacts {
  const configs = new Map<string, ModelConfig | undefined>();
  // One listing of the root for every question that walks it: the caller's, else discovered on the first one.
  let listing: readonly ProjectFile[] | undefined = files;
  const listed = () => (listing ??= discoverFiles(root).files.map(({ path, absolute }) => ({ path, absolute })));
  const importers = new ImporterIndex(root, python, () => pythonFilesOf(listed()));
  let pins: Map<string, Pin> | undefined;
  const searches = new Map<string, string | undefined>();
  let sorted: readonly ProjectFile[] | undefined;
  return {
    modelConfig(modelPath) {
      const dir = resolve(root, modelPath);
      if (dir !== root && !dir.startsWith(root + sep)) return undefined;
      if (!configs.has(dir)) configs.set(dir, readConfig(resolve(dir, "config.json")));
      return configs.get(dir);
    },
    importersOf: (modulePath, name) => importers.of(modulePath, name),
    pythonSource: (path) => importers.source(path),
    requirementPin: (name) => (pins ??= readPins(root)).get(name.toLowerCase())?.specifier || undefined,
    dependencyFile: (name) => (pins ??= readPins(root)).get(name.toLowerCase())?.file,
    firstFileMatching(pattern, extensions) {
      const key = `${pattern.source}\0${pattern.flags}\0${extensions.join(",")}`;
      if (!searches.has(key)) {
        sorted ??= [...listed()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        const file = sorted.find((f) => extensions.some((extension) => f.path.endsWith(extension)) && pattern.test(readOrEmpty(f.absolute)));
        searches.set(key, file?.path);
      }
      return searches.get(key);
    },
  };
}

/** A package's specifier in the dependency files, and the file (root-relative) that gave it. */
interface Pin {
  specifier: string;
  file: string;
}

/** The files that pin a project's Python dependencies, at its root. */
const DEPENDENCY_FILES = /^(?:requirements[\w.-]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|environment\.ya?ml)$/;

/**
 * Each package's version specifier as the dependency files write it (`torch==2.1.2`, `"torch>=2.0,<2.3"`): the
 * first file, in name order, that names the package wins. A lexical read: enough to tell an old pin.
 */
function readPins(root: string): Map<string, Pin> {
  const pins = new Map<string, Pin>();
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => DEPENDENCY_FILES.test(name)).sort();
  } catch {
    return pins;
  }
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(resolve(root, name), "utf8");
    } catch {
      continue;
    }
    for (const match of text.matchAll(/(?:^|["'\s,[])([A-Za-z][\w.-]*)(?:\[[\w,\s]*\])?\s*((?:[<>=!~]=?\s*[\w.*+]+\s*,?\s*)+)/gm)) {
      const key = match[1]!.toLowerCase();
      if (!pins.has(key)) pins.set(key, { specifier: match[2]!.replace(/\s+/g, "").replace(/,$/, ""), file: name });
    }
    // A bare name (`torch` alone on a requirements line) pins nothing, but the file still names the package.
    if (/requirements[\w.-]*\.txt$/.test(name)) {
      for (const match of text.matchAll(/^[ \t]*([A-Za-z][\w.-]*)(?:\[[\w,\s]*\])?[ \t]*(?:[;#].*)?$/gm)) {
        const key = match[1]!.toLowerCase();
        if (!pins.has(key)) pins.set(key, { specifier: "", file: name });
      }
    }
  }
  return pins;
}

function readConfig(path: string): ModelConfig | undefined {
  // Most strings asked about name no folder: checking costs less than the error a failed read throws.
  if (!existsSync(path)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    return parsed && typeof parsed === "object" ? (parsed as ModelConfig) : undefined;
  } catch {
    return undefined; // No config there, or not JSON: the size stays unknown.
  }
}

/**
 * The project's Python files that may import a function. The first question reads every Python file once and
 * keeps only its import statements (`importLines`); each question tests those, and reads and parses only the files
 * whose imports can bring the function in (`importsFrom`), then checks their calls for real. Rules ask rarely (a
 * model load whose id is a function's parameter), but reading every file again for each question cost ~40 ms a
 * question on Megatron-LM (0.4 s in all).
 */
class ImporterIndex {
  private indexed?: { path: string; absolute: string; imports: string }[];
  private readonly answers = new Map<string, ProjectModule[]>();
  private readonly parsed = new Map<string, PythonSource | null>();

  constructor(
    private readonly root: string,
    private readonly python: (() => TreeParser | undefined) | undefined,
    /** The root's `.py` files. */
    private readonly pythonFiles: () => readonly ProjectFile[],
  ) {}

  of(modulePath: string, name: string): ProjectModule[] {
    const key = `${modulePath}\0${name}`;
    let answer = this.answers.get(key);
    if (!answer) this.answers.set(key, (answer = this.find(modulePath, name)));
    return answer;
  }

  /**
   * A file of the project by its root-relative path, parsed; undefined outside the root or when it does not parse.
   * A script the repo does not hold may be one a notebook in its folder writes (`%%writefile train.py`, then
   * `!torchrun ... train.py`): that cell's text stands for it.
   */
  source(path: string): PythonSource | undefined {
    const parser = this.python?.();
    const absolute = resolve(this.root, path);
    if (!parser || !path.endsWith(".py") || !absolute.startsWith(this.root + sep)) return undefined;
    const file = { path: relative(this.root, absolute).split(sep).join("/"), absolute };
    if (!existsSync(absolute)) return this.written(file, parser);
    return this.parse(file, parser, () => true);
  }

  /** The script a `%%writefile` cell of a notebook beside it writes, parsed. */
  private written(file: { path: string; absolute: string }, parser: TreeParser): PythonSource | undefined {
    const known = this.parsed.get(file.path);
    if (known !== undefined) return known ?? undefined;
    const text = writtenByNotebook(this.root, file.absolute);
    const tree = text === undefined ? undefined : parser.parse(text);
    const source = !tree ? null : tree.root.hasError ? (tree.dispose(), null) : new PythonSource(text!, tree.root);
    this.parsed.set(file.path, source);
    return source ?? undefined;
  }

  private find(modulePath: string, name: string): ProjectModule[] {
    const parser = this.python?.();
    if (!parser || !modulePath.endsWith(".py")) return [];
    const modules = moduleNames(modulePath);
    const stem = modules.at(-1)!.split(".").pop()!;
    const found: ProjectModule[] = [];
    for (const file of this.projectFiles()) {
      if (file.path === modulePath || !importsFrom(file.imports, stem, name)) continue;
      // `import pkg.modeling` brings the function only if the file names it (`pkg.modeling.f(...)`).
      const source = this.parse(file, parser, (text) => text.includes(name));
      if (!source) continue;
      const targets = new Set([...modules, ...relativeModules(file.path, modulePath)].map((module) => `${module}.${name}`));
      const calls = callsOf(source, name, targets);
      if (calls.length > 0) found.push({ path: file.path, source, calls });
    }
    return found;
  }

  /** The project's Python files, each with its import statements, read on the first question. */
  private projectFiles(): { path: string; absolute: string; imports: string }[] {
    return (this.indexed ??= this.pythonFiles().map((file) => ({ ...file, imports: importLines(readOrEmpty(file.absolute)) })));
  }

  /** The file parsed, when its text is `wanted`; parsed files are kept (their trees with them: few are ever asked). */
  private parse(file: { path: string; absolute: string }, parser: TreeParser, wanted: (text: string) => boolean): PythonSource | undefined {
    const known = this.parsed.get(file.path);
    if (known !== undefined) return known ?? undefined;
    let text: string;
    try {
      text = readFileSync(file.absolute, "utf8");
    } catch {
      this.parsed.set(file.path, null); // Unreadable: it tells nothing about the callers.
      return undefined;
    }
    if (!wanted(text)) return undefined; // Another question may want it.
    const tree = parser.parse(text);
    const source = tree.root.hasError ? (tree.dispose(), null) : new PythonSource(text, tree.root);
    this.parsed.set(file.path, source);
    return source ?? undefined;
  }
}

/** `%%writefile train.py`, `%%writefile -a ./scripts/train.py`, `%%file train.py`: the file a cell writes. */
const WRITEFILE = /^%%(?:writefile|file)([ \t]+-a)?[ \t]+(?:\.\/)?(\S+)[ \t]*\r?\n/;

/**
 * The text that `%%writefile` cells of the notebooks in a folder, or in a folder above it up to the root, write to
 * the file (a notebook's cells run in its own folder): in notebook order, `-a` cells appending, others replacing.
 * Undefined when none writes it.
 */
function writtenByNotebook(root: string, absolute: string): string | undefined {
  for (let folder = dirname(absolute); folder === root || folder.startsWith(root + sep); folder = dirname(folder)) {
    const text = writtenIn(folder, relative(folder, absolute).split(sep).join("/"));
    if (text !== undefined || folder === root) return text;
  }
  return undefined;
}

function writtenIn(folder: string, name: string): string | undefined {
  let found: string | undefined;
  let entries: string[];
  try {
    entries = readdirSync(folder).filter((entry) => entry.endsWith(".ipynb")).sort();
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    let cells: unknown;
    try {
      cells = (JSON.parse(readFileSync(resolve(folder, entry), "utf8")) as { cells?: unknown }).cells;
    } catch {
      continue; // Not a notebook we can read: it writes nothing we know of.
    }
    if (!Array.isArray(cells)) continue;
    for (const cell of cells as { cell_type?: unknown; source?: unknown }[]) {
      if (cell?.cell_type !== "code") continue;
      const text = Array.isArray(cell.source) ? cell.source.join("") : typeof cell.source === "string" ? cell.source : "";
      const match = WRITEFILE.exec(text);
      if (match?.[2] === name) found = (match[1] ? (found ?? "") : "") + text.slice(match[0].length);
    }
  }
  return found;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return ""; // Unreadable: it imports nothing we can see.
  }
}

/**
 * The lines of a text that `importsFrom` can match, one after another: each `from ... import` with its
 * parenthesized list and the rest of its line, each `import ...` line. Lexical, like `importsFrom`.
 */
const IMPORT_LINE = /[ \t]*(?:from[ \t]+[\w.]+[ \t]+import[ \t]*(?:\([^)]*\)?)?[^\n]*|import[ \t]+[^\n]*)/y;

/** Tried only at the starts of lines that hold `import`, found with indexOf: a `^`-anchored scan of every line costs more. */
function importLines(text: string): string {
  const lines: string[] = [];
  let done = 0; // Where the lines read so far end.
  for (let at = text.indexOf("import"); at !== -1; at = text.indexOf("import", done)) {
    const lineStart = text.lastIndexOf("\n", at) + 1;
    const lineEnd = text.indexOf("\n", at);
    let next = lineEnd === -1 ? text.length : lineEnd + 1;
    if (lineStart >= done) {
      IMPORT_LINE.lastIndex = lineStart;
      const match = IMPORT_LINE.exec(text);
      if (match) {
        lines.push(match[0]);
        next = Math.max(next, IMPORT_LINE.lastIndex); // A parenthesized list may go on over lines.
      }
    }
    done = next;
  }
  return lines.join("\n");
}

/** The `.py` files among discovered files, as the importer index reads them. */
function pythonFilesOf(files: readonly ProjectFile[]): ProjectFile[] {
  return files.filter((file) => file.path.endsWith(".py")).map(({ path, absolute }) => ({ path, absolute }));
}

/**
 * Whether a text has an import statement that can bring the function in: `from ...modeling import (..., f)` or
 * `import pkg.modeling`. A prefilter on the text, so that only such files are parsed; parsing decides.
 */
function importsFrom(text: string, stem: string, name: string): boolean {
  const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const [module, fn] = [escape(stem), escape(name)];
  return new RegExp(`^[ \\t]*(?:from[ \\t]+[\\w.]*\\b${module}[ \\t]+import[ \\t]*(?:\\([^)]*\\b${fn}\\b|[^\\n]*\\b${fn}\\b)|import[ \\t]+[^\\n]*\\b${module}\\b)`, "m").test(text);
}

/** `src/pkg/modeling.py` can be imported as `src.pkg.modeling`, `pkg.modeling` or `modeling` (sys.path roots). */
function moduleNames(path: string): string[] {
  const parts = path.replace(/\.py$/, "").split("/");
  if (parts.at(-1) === "__init__") parts.pop();
  return parts.map((_, i) => parts.slice(i).join(".")).filter(Boolean);
}

/**
 * `from .modeling import f` in `src/train.py` names `src/modeling.py`: the relative spellings that reach the module
 * from the importer's package, resolved to the absolute names the import map cannot give.
 */
function relativeModules(importer: string, module: string): string[] {
  const from = importer.split("/").slice(0, -1);
  const to = module.replace(/\.py$/, "").split("/");
  if (to.at(-1) === "__init__") to.pop();
  let shared = 0;
  while (shared < from.length && from[shared] === to[shared]) shared++;
  const dots = ".".repeat(from.length - shared + 1);
  return [`${dots}${to.slice(shared).join(".")}`];
}

/** The calls in a file of `name` imported from one of the modules (`f(...)` after `from m import f`, `m.f(...)`). */
function callsOf(source: PythonSource, name: string, targets: ReadonlySet<string>): SyntaxNode[] {
  const relative = relativeBindings(source);
  // The function's own name, and the local names an import gives it (`import ... as load`).
  const locals = new Set([name]);
  for (const [local, qualified] of [...relative, ...source.imports.bindings]) if (targets.has(qualified)) locals.add(local);
  const calls: SyntaxNode[] = [];
  for (const local of locals) {
    for (const occurrence of source.occurrences(local)) {
      const found = callNamedAt(occurrence);
      if (!found) continue;
      const qualified = found.callee.type === "identifier" ? (relative.get(found.callee.text) ?? source.imports.qualifiedName(found.callee)) : source.imports.qualifiedName(found.callee);
      if (qualified && targets.has(qualified)) calls.push(found.call);
    }
  }
  return calls;
}

/** `from .x import f as g` binds g -> ".x.f": the relative imports, which ImportMap leaves out. */
function relativeBindings(source: PythonSource): Map<string, string> {
  const bindings = new Map<string, string>();
  for (const statement of source.imports.statements) {
    const module = statement.childForFieldName("module_name");
    if (statement.type !== "import_from_statement" || module?.type !== "relative_import") continue;
    const base = module.text.replace(/\s+/g, "");
    for (const child of statement.namedChildren) {
      if (!child || child.startIndex === module.startIndex) continue;
      const imported = child.type === "aliased_import" ? child.childForFieldName("name") : child;
      const local = child.type === "aliased_import" ? child.childForFieldName("alias") : child;
      if (imported?.type === "dotted_name" && local) bindings.set(local.text, `${base}${base.endsWith(".") ? "" : "."}${imported.text}`);
    }
  }
  return bindings;
}
