import { LineIndex, notebookFromCells, parseNotebook, PythonSource, type Notebook, type NotebookShell, type TextEdit, type TreeParser } from "@gpu-compat/python";
import type { Rule, RuleContextBase } from "@gpu-compat/rules";
import { firstError, runChecks, shellAdapter, type DocumentAdapter, type KnownContent, type RawFinding } from "./adapters.js";
import type { CellChange } from "./model.js";

/**
 * Jupyter notebooks: the rules read the code cells as one Python text (IPython syntax masked, see
 * @gpu-compat/python's notebook.ts), and the engine works on the JSON text: findings and edits are mapped back into
 * the cells' `source` strings, so outputs, metadata and layout stay byte for byte. A fix with an edit the notebook
 * cannot express (one touching a magic or `!` line, or crossing cells) is reported without it, with a hint saying
 * what to change by hand. Re-opening a rewritten text checks that it is still valid JSON and nbformat.
 * Shell rules read the `!` lines, `%pip` lines and `%%bash`/`%%sh` bodies, each as its own script; their edits
 * may change that shell text only, and the `!` of a statement `!cmd` line (`!cd` -> `%cd`).
 */
export function notebookAdapter(parsers: { python: TreeParser; shell: TreeParser }): DocumentAdapter {
  const parser = parsers.python;
  const shell = parsers.shell;
  // open() and locate() see the same few texts (the original and each pass's rewrite): parse each once.
  const cache = new Map<string, ReturnType<typeof parseNotebook>>();
  const read = (text: string, known?: KnownContent) => {
    let parsed = cache.get(text);
    if (!parsed) {
      if (cache.size >= 4) cache.delete(cache.keys().next().value!);
      // Cells the reading thread took from this text's JSON: the same notebook, without parsing the JSON again.
      cache.set(text, (parsed = known?.notebook ? { notebook: notebookFromCells(text, known.notebook) } : parseNotebook(text)));
    }
    return parsed;
  };
  return {
    open(text, known) {
      const parsed = read(text, known);
      if ("error" in parsed) {
        const at = parsed.offset === undefined ? {} : { at: new LineIndex(text).position(parsed.offset) };
        return { error: `not a valid notebook: ${parsed.error}`, ...at };
      }
      const { notebook } = parsed;
      const broken = notebook.cells.find((cell) => cell.problem);
      if (broken) return { error: `syntax error in cell ${broken.number}: ${broken.problem}` };
      const tree = parser.parse(notebook.python);
      if (tree.root.hasError) {
        const bad = firstError(tree.root);
        const at = bad ? notebook.locate(bad.startIndex) : undefined;
        tree.dispose();
        return at ? { error: "syntax error", at } : { error: "syntax error in a code cell" };
      }
      const source = new PythonSource(notebook.python, tree.root);
      return {
        document: {
          run: (rules, base) =>
            [
              ...runChecks("python", rules, notebook.python, () => source.lines, base, { source, notebookCode: notebook.code }).flatMap((finding) => inNotebook(notebook, finding)),
              ...notebook.shell.flatMap((snippet) => shellFindings(shell, notebook, snippet, rules, base)),
            ].sort((a, b) => a.start - b.start || a.end - b.end),
          dispose: () => tree.dispose(),
        },
      };
    },
    locate(text, lines, offset) {
      const parsed = read(text);
      if (!("error" in parsed)) {
        const at = parsed.notebook.fromNotebookOffset(offset);
        const position = at === undefined ? undefined : parsed.notebook.locate(at);
        if (position) return position;
      }
      return lines.position(offset);
    },
    lineText(text, offset) {
      const parsed = read(text);
      if ("error" in parsed) return undefined;
      const at = parsed.notebook.fromNotebookOffset(offset);
      return at === undefined ? undefined : parsed.notebook.lineText(at);
    },
  };
}

/** The shell rules' findings on one shell snippet (a script that does not parse has none). */
function shellFindings(parser: TreeParser, notebook: Notebook, snippet: NotebookShell, rules: readonly Rule[], base: Omit<RuleContextBase, "report">): RawFinding[] {
  if (!rules.some((rule) => rule.checks.shell?.run)) return [];
  const bang = snippet.bangAt === undefined ? {} : { notebookBang: snippet.bangAt - snippet.start };
  const opened = shellAdapter(parser, bang).open(snippet.text);
  if ("error" in opened) return [];
  try {
    // Offsets in the snippet's text become offsets in the notebook's Python, where the snippet sits.
    const shift = <T extends { start: number; end: number }>(r: T): T => ({ ...r, start: r.start + snippet.start, end: r.end + snippet.start });
    return opened.document
      .run(rules, base)
      .flatMap((finding) => inNotebook(notebook, { ...shift(finding), ...(finding.fix ? { fix: finding.fix.map(shift) } : {}) }, { start: snippet.bangAt ?? snippet.start, end: snippet.end }));
  } finally {
    opened.document.dispose();
  }
}

/** A finding on the virtual Python, with its range and edits in the JSON text; `within`: a shell snippet's. */
function inNotebook(notebook: Notebook, finding: RawFinding, within?: { start: number; end: number }): RawFinding[] {
  const range = notebook.toNotebookRange(finding.start, finding.end);
  if (!range) return [];
  const { fix, ...rest } = finding;
  if (!fix) return [{ ...rest, ...range }];
  const edits = fix.map((edit) => notebook.toNotebookEdit(edit, within ? { within } : {}));
  if (edits.every((edit): edit is TextEdit => edit !== undefined)) return [{ ...rest, ...range, fix: edits }];
  const byHand = `gpu-compat cannot make this edit inside the notebook (it touches IPython syntax or crosses cells); make it by hand: ${describeEdits(notebook.code, fix)}.`;
  return [{ ...rest, ...range, hint: rest.hint ? `${rest.hint} ${byHand}` : byHand }];
}

function describeEdits(text: string, edits: readonly TextEdit[]): string {
  const quote = (s: string) => `\`${s.length > 60 ? `${s.slice(0, 57)}...` : s}\``.replace(/\n/g, "\\n");
  return edits
    .map(({ start, end, text: replacement }) => {
      if (start === end) return `insert ${quote(replacement)}`;
      const old = text.slice(start, end);
      return replacement === "" ? `remove ${quote(old)}` : `replace ${quote(old)} with ${quote(replacement)}`;
    })
    .join("; ");
}

/**
 * The code cells whose source differs between two texts of one notebook (before and after its fixes), each as the
 * cell's code: what the report shows instead of a diff of the JSON. Fixes edit inside `source` strings only, so both
 * texts have the same cells; undefined when either is not a notebook or the cells do not line up.
 */
export function notebookCellChanges(original: string, fixed: string): CellChange[] | undefined {
  const before = parseNotebook(original);
  const after = parseNotebook(fixed);
  if ("error" in before || "error" in after) return undefined;
  const a = before.notebook;
  const b = after.notebook;
  if (a.cells.length !== b.cells.length) return undefined;
  const source = (notebook: Notebook, cell: Notebook["cells"][number]) =>
    cell.start === undefined || cell.end === undefined ? undefined : notebook.code.slice(cell.start, cell.end);
  const changes: CellChange[] = [];
  for (let i = 0; i < a.cells.length; i++) {
    const was = source(a, a.cells[i]!);
    const now = source(b, b.cells[i]!);
    if (a.cells[i]!.type !== b.cells[i]!.type || (was === undefined) !== (now === undefined)) return undefined;
    if (was !== undefined && was !== now) changes.push({ cell: a.cells[i]!.number, original: was, fixed: now! });
  }
  return changes;
}
