// A Jupyter notebook read as Python: the code cells become one virtual Python text, with a map from each of its
// characters back to the JSON text, so that rules run on Python and their edits land inside the notebook's
// `source` strings, every other byte untouched.
import { parseTree, printParseErrorCode, visit, type Node, type ParseError, type ParseOptions } from "jsonc-parser";
import type { TextEdit } from "./edits.js";
import { maskIPython, type CellRange } from "./ipython.js";
import { LineIndex } from "./lines.js";

/** A cell of the notebook; the code cells carry where their text sits in the virtual Python. */
export interface NotebookCell {
  /** 1-based position among all cells (markdown and raw included), as notebook editors count them. */
  number: number;
  type: string;
  /** Code cells: the cell's text in `Notebook.python`, [start, end), without the separator that follows. */
  start?: number;
  end?: number;
  /** Code cells: why the cell is not complete Python on its own (an unclosed bracket or string). */
  problem?: string;
}

/** Shell text the notebook runs: a `!` line (or `%pip`, `%sx`), or the body of a `%%bash`/`%%sh` cell. */
export interface NotebookShell {
  cell: number;
  kind: "line" | "cell";
  /** The command text (unmasked), and its range in `Notebook.python`. */
  text: string;
  start: number;
  end: number;
  /** A statement `!cmd`: where its `!` is in `Notebook.python`. */
  bangAt?: number;
}

/** Where a virtual offset is, inside its cell; all 1-based, the column in UTF-16 code units. */
export interface CellPosition {
  cell: number;
  line: number;
  column: number;
}

/** A run of source text: a string `source`, or one string of a list `source`. */
interface Segment {
  cell: number;
  /** Inside the string's quotes. */
  contentStart: number;
  contentEnd: number;
  /** For list sources: what separates two strings of the list (`,\n    `), used to split inserted lines. */
  separator?: string;
}

const NOT_MAPPED = -1;

/** Where each character of `Notebook.python` comes from in the JSON text (see Notebook.positions). */
interface Positions {
  /** For each virtual offset: where its (possibly escaped) spelling starts and ends in the JSON text. */
  from: Int32Array;
  to: Int32Array;
  /** For each virtual offset: its segment, an index into `segments`. */
  segmentOf: Int32Array;
  segments: Segment[];
}

/** JSON as Python's `json.load` reads notebooks: no comments, no trailing commas. */
const STRICT_JSON: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

export class Notebook {
  /** The cells, in order; `cells[n - 1]` has number n. */
  readonly cells: NotebookCell[] = [];
  readonly shell: NotebookShell[] = [];
  /** Ranges of `python` that stand in for IPython syntax (magics, `!` lines, help); never edited. */
  readonly masked: CellRange[] = [];
  /**
   * The code cells' texts, each followed by "\n", IPython syntax masked with Python of the same length. Cells are
   * parsed as one module, as the kernel runs them in one namespace; the "\n" makes each cell end its last line
   * (a cell that leaves a bracket or string open is reported through `NotebookCell.problem`).
   */
  readonly python: string;
  /** `python` before masking: the code cells' texts as the notebook holds them. */
  readonly code: string;
  /** The notebook's kernel language when it says one, lower case ("python" for Python notebooks). */
  readonly language: string | undefined;

  private readonly codeCells: NotebookCell[] = [];
  private readonly asciiOnly: boolean;
  private linesCache?: LineIndex;
  private positionsCache?: Positions;
  /** Virtual offsets of the characters that come from the JSON text, and where each starts there (ascending). */
  private mappedAt?: { virtual: Int32Array; json: Int32Array };

  /** Use `parseNotebook`. */
  constructor(
    readonly text: string,
    root: JsonNotebook,
    language: string | undefined,
  ) {
    this.language = language;
    // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
    this.asciiOnly = !/[^\x00-\x7f]/.test(text);
    const python: string[] = [];
    const unmasked: string[] = [];
    let length = 0;
    const isPython = isPythonKernel(language);
    root.cells.forEach((json, index) => {
      const cell: NotebookCell = { number: index + 1, type: json.cell_type };
      this.cells.push(cell);
      if (cell.type !== "code" || !isPython) return;
      const original = sourceText(json.source);
      cell.start = length;
      cell.end = length + original.length;
      length += original.length + 1; // the "\n" after the cell
      unmasked.push(original, "\n");
      const masked = maskIPython(original);
      python.push(masked.text, "\n");
      for (const range of masked.masked) this.masked.push({ start: cell.start + range.start, end: cell.start + range.end });
      for (const shell of masked.shell) {
        const bangAt = shell.bangAt === undefined ? {} : { bangAt: cell.start + shell.bangAt };
        this.shell.push({ cell: cell.number, kind: shell.kind, text: original.slice(shell.start, shell.end), start: cell.start + shell.start, end: cell.start + shell.end, ...bangAt });
      }
      if (masked.problem) cell.problem = masked.problem;
      this.codeCells.push(cell);
    });
    this.python = python.join("");
    this.code = unmasked.join("");
  }

  /**
   * Where each character of `python` sits in the JSON text, read on first use: only a notebook with a finding or an
   * edit needs it, and reading it scans the whole text, outputs and all (most of a notebook's bytes), with a
   * JavaScript JSON scanner. The code itself comes from JSON.parse.
   */
  private get positions(): Positions {
    return (this.positionsCache ??= this.readPositions());
  }

  private readPositions(): Positions {
    const nodes = cellNodes(this.text, STRICT_JSON);
    if (!nodes || nodes.length !== this.cells.length) throw new Error("the notebook's cells could not be found in its JSON text");
    const decoded: string[] = [];
    const from: number[] = [];
    const to: number[] = [];
    const segmentOf: number[] = [];
    const segments: Segment[] = [];
    for (const cell of this.codeCells) {
      for (const segment of sourceSegments(this.text, property(nodes[cell.number - 1], "source")!, cell.number)) {
        const added = decodeJsonString(this.text, segment.contentStart, segment.contentEnd, decoded, from, to);
        for (let k = 0; k < added; k++) segmentOf.push(segments.length);
        segments.push(segment);
      }
      decoded.push("\n");
      from.push(NOT_MAPPED);
      to.push(NOT_MAPPED);
      segmentOf.push(NOT_MAPPED);
    }
    if (decoded.join("") !== this.code) throw new Error("the notebook's cells read differently from its JSON text");
    return { from: Int32Array.from(from), to: Int32Array.from(to), segmentOf: Int32Array.from(segmentOf), segments };
  }

  get lines(): LineIndex {
    return (this.linesCache ??= new LineIndex(this.python));
  }

  /** The line holding a virtual offset as the notebook has it (magics unmasked), without its line break. */
  lineText(offset: number): string {
    const { line } = this.lines.position(offset);
    const end = line < this.lines.lineCount ? this.lines.lineStart(line + 1) : this.code.length;
    return this.code.slice(this.lines.lineStart(line), end).replace(/\r?\n$|\r$/, "");
  }

  /** The code cell holding a virtual offset (the separator after a cell belongs to it). */
  cellAt(offset: number): NotebookCell | undefined {
    let low = 0;
    let high = this.codeCells.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.codeCells[mid]!.start! <= offset) low = mid;
      else high = mid - 1;
    }
    const cell = this.codeCells[low];
    return cell && cell.start! <= offset && offset <= cell.end! ? cell : undefined;
  }

  /** Cell, line and column of a virtual offset, counted within its cell. */
  locate(offset: number): CellPosition | undefined {
    const cell = this.cellAt(offset);
    if (!cell) return undefined;
    const at = this.lines.position(offset);
    return { cell: cell.number, line: at.line - this.lines.position(cell.start!).line + 1, column: at.column };
  }

  /**
   * The JSON offset of a virtual offset: where the character there starts, or for the end of a cell, where its last
   * character ends. Undefined between cells and in empty cells.
   */
  toNotebookOffset(offset: number): number | undefined {
    const { from, to } = this.positions;
    if (offset < this.python.length && from[offset] !== NOT_MAPPED) return from[offset];
    if (offset > 0 && to[offset - 1] !== NOT_MAPPED) return to[offset - 1];
    return undefined;
  }

  /** A range of the virtual Python as a range of the JSON text (its end where its last character ends). */
  toNotebookRange(start: number, end: number): { start: number; end: number } | undefined {
    const { to } = this.positions;
    const jsonStart = this.toNotebookOffset(start);
    const jsonEnd = end > start && to[end - 1] !== NOT_MAPPED ? to[end - 1] : this.toNotebookOffset(end);
    return jsonStart === undefined || jsonEnd === undefined ? undefined : { start: jsonStart, end: jsonEnd! };
  }

  /** The virtual offset of a JSON offset inside a code cell's source (or at its end); undefined elsewhere. */
  fromNotebookOffset(offset: number): number | undefined {
    const { virtual, json } = (this.mappedAt ??= this.buildReverseMap());
    const { to, segmentOf, segments } = this.positions;
    let low = 0;
    let high = json.length - 1;
    if (high < 0 || offset < json[0]!) return undefined;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (json[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    const at = virtual[low]!;
    if (offset < to[at]!) return at;
    const segment = segments[segmentOf[at]!]!;
    return offset <= segment.contentEnd ? at + 1 : undefined;
  }

  /**
   * An edit of the virtual Python as an edit of the JSON text: its replacement escaped as JSON string content and,
   * in a list `source`, split into one string per line as Jupyter writes them. Undefined when it cannot be
   * expressed: it touches a masked line (or, without `within`, any masked text), or crosses from one cell into the
   * next. `within` allows an edit inside that masked range only (shell rules editing a `!` line).
   */
  toNotebookEdit(edit: TextEdit, options: { within?: CellRange } = {}): TextEdit | undefined {
    const { start, end, text } = edit;
    if (start < 0 || end < start || end > this.python.length) return undefined;
    if (options.within) {
      if (start < options.within.start || end > options.within.end) return undefined;
    } else if (this.touchesMasked(start, end, text)) {
      return undefined;
    }
    const { from, segmentOf, segments, to } = this.positions;
    if (start === end) {
      const at = this.toNotebookOffset(start);
      const k = start < this.python.length && from[start] !== NOT_MAPPED ? start : start - 1;
      const segment = segments[segmentOf[k] ?? NOT_MAPPED];
      if (at === undefined || !segment) return undefined;
      const atStringEnd = at === segment.contentEnd;
      // After a list's last line break, new lines go in a new string.
      const opens = atStringEnd && segment.separator !== undefined && this.python[start - 1] === "\n" && text !== "";
      return { start: at, end: at, text: (opens ? `"${segment.separator}"` : "") + this.encode(text, segment, atStringEnd) };
    }
    for (let k = start; k < end; k++) if (from[k] === NOT_MAPPED) return undefined; // crosses a cell boundary
    const first = segmentOf[start]!;
    const last = segmentOf[end - 1]!;
    const segment = segments[first]!;
    const jsonStart = from[start]!;
    const jsonEnd = to[end - 1]!;
    const whole = jsonStart === segment.contentStart && jsonEnd === segments[last]!.contentEnd;
    if (whole && text === "" && segment.separator !== undefined) {
      // Whole strings of a list removed: remove them with their separator rather than leave empty strings.
      const next = segments[last + 1];
      if (next?.cell === segment.cell) return { start: segment.contentStart - 1, end: next.contentStart - 1, text: "" };
      const previous = segments[first - 1];
      if (previous?.cell === segment.cell) return { start: previous.contentEnd + 1, end: jsonEnd + 1, text: "" };
    }
    return { start: jsonStart, end: jsonEnd, text: this.encode(text, segment, jsonEnd === segments[last]!.contentEnd) };
  }

  private touchesMasked(start: number, end: number, text: string): boolean {
    for (const range of this.masked) {
      if (start === end) {
        if (start > range.start && start < range.end) return true;
        // At a masked line's start only a whole new line may go in; at its end only after its line break.
        if (start === range.start && !/[\n\r]$/.test(text)) return true;
        if (start === range.end && !/[\n\r]$/.test(this.python.slice(range.start, range.end))) return true;
      } else if (start < range.end && range.start < end) {
        return true;
      }
    }
    return false;
  }

  /**
   * JSON string content for `text`; in a list source each line break ends a string of the list, as Jupyter
   * writes them, except a final one at the end of a string (the new string would be empty).
   */
  private encode(text: string, segment: Segment, atStringEnd: boolean): string {
    const escape = (part: string) => escapeJsonContent(part, this.asciiOnly);
    if (segment.separator === undefined) return escape(text);
    const joiner = `"${segment.separator}"`;
    const lines = text.split(/(?<=\n)/).map(escape).join(joiner);
    return text.endsWith("\n") && !atStringEnd ? lines + joiner : lines;
  }

  private buildReverseMap(): { virtual: Int32Array; json: Int32Array } {
    const { from } = this.positions;
    const virtual: number[] = [];
    const json: number[] = [];
    for (let k = 0; k < from.length; k++) {
      if (from[k] === NOT_MAPPED) continue;
      virtual.push(k);
      json.push(from[k]!);
    }
    return { virtual: Int32Array.from(virtual), json: Int32Array.from(json) };
  }
}

/** A notebook, or why the text is not one. */
export function parseNotebook(text: string): { notebook: Notebook } | { error: string; offset?: number } {
  const root = parseJson(text);
  if ("error" in root) return root;
  return notebookOf(text, root.value);
}

/** The notebook of a text and its parsed JSON value, or what keeps the value from being one. */
function notebookOf(text: string, value: unknown): { notebook: Notebook } | { error: string } {
  const problem = nbformatProblem(value);
  if (problem) return { error: problem };
  return { notebook: new Notebook(text, value as JsonNotebook, kernelLanguage(value)) };
}

/**
 * What a notebook's code is read from: its cells' types and sources and its kernel language, without the outputs
 * and metadata that are most of its bytes. A thread that has read a notebook hands this to the one that checks it,
 * which then builds the same Notebook without parsing the JSON again (`notebookFromCells`).
 */
export interface NotebookCells {
  cells: { cell_type: string; source: string | string[] }[];
  language?: string;
}

/**
 * A notebook's code as `Notebook.python` and `Notebook.shell` have it (IPython syntax masked, each code cell
 * followed by "\n"), and its cells, without the map back to the JSON text: enough to decide whether the notebook
 * needs the full parse, from the platform's JSON parser alone. Undefined when the text is not a notebook
 * `parseNotebook` reads.
 */
export function notebookCode(text: string): { python: string; shell: string[]; cells: NotebookCells } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // Where it breaks is for the check to say (parseNotebook), not worth a second scan here.
  }
  const parsed = notebookOf(text, value);
  if ("error" in parsed) return undefined;
  const { notebook } = parsed;
  const cells = (value as JsonNotebook).cells.map(({ cell_type, source }) => ({ cell_type, source }));
  return { python: notebook.python, shell: notebook.shell.map((snippet) => snippet.text), cells: { cells, ...(notebook.language === undefined ? {} : { language: notebook.language }) } };
}

/** The Notebook `parseNotebook(text)` gives, from the cells `notebookCode(text)` read from that same text. */
export function notebookFromCells(text: string, cells: NotebookCells): Notebook {
  return new Notebook(text, { cells: cells.cells }, cells.language);
}

/** A cell's `source` as one text: a string, or a list of strings (lines) joined. */
function sourceText(source: string | string[]): string {
  return Array.isArray(source) ? source.join("") : source;
}

/** The part of nbformat 4 this module reads, once `nbformatProblem` found nothing wrong. */
interface JsonNotebook {
  cells: { cell_type: string; source: string | string[] }[];
  metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } };
}

/** Strict JSON (as `json.load` reads notebooks): its value, or where it breaks. */
function parseJson(text: string): { value: unknown } | { error: string; offset?: number } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    // Only a broken notebook pays for the full parse, which says where it breaks.
    const errors: ParseError[] = [];
    parseTree(text, errors, STRICT_JSON);
    const first = errors[0];
    if (!first) return { error: `invalid JSON: ${(error as Error).message}` };
    return { error: `invalid JSON (${printParseErrorCode(first.error)})`, offset: first.offset };
  }
}

/** A jsonc-parser node this module builds itself. */
type BuiltNode = { -readonly [K in keyof Node]: Node[K] };

/**
 * The nodes a Notebook reads, from one pass of jsonc-parser's visitor: each top-level cell with its `cell_type` and
 * its `source` (a string, or a list of strings), positions included. Outputs and metadata, most of a notebook's
 * bytes, are scanned but never built into nodes. A later duplicate key wins, as for JSON.parse. Undefined when the
 * visitor finds an error JSON.parse did not.
 */
function cellNodes(text: string, options: ParseOptions): BuiltNode[] | undefined {
  const cells: BuiltNode[] = [];
  // Containers entered and not yet left; `key` is the property being read in an object.
  const stack: { kind: "object" | "array"; key?: string; node?: BuiltNode }[] = [];
  let failed = false;
  const stringNode = (value: string, offset: number, length: number, parent: BuiltNode): BuiltNode => ({ type: "string", value, offset, length, parent });
  const propertyOf = (cell: BuiltNode, key: string, valueNode: BuiltNode) => {
    const property: BuiltNode = { type: "property", offset: valueNode.offset, length: valueNode.length, parent: cell, children: [] };
    property.children!.push({ type: "string", value: key, offset: valueNode.offset, length: 0, parent: property }, valueNode);
    valueNode.parent = property;
    cell.children!.push(property);
  };
  // Where the visitor is: the top-level object (depth 1), the cells list (2), a cell (3), a source list (4).
  const at = (depth: number, key?: string) => stack.length === depth && (key === undefined || stack[depth - 1]!.key === key);
  const inCells = () => at(2) && stack[0]!.key === "cells" && stack[1]!.kind === "array";
  visit(
    text,
    {
      onObjectBegin: (offset) => {
        const node: BuiltNode | undefined = inCells() ? { type: "object", offset, length: 0, children: [] } : undefined;
        if (node) cells.push(node);
        stack.push({ kind: "object", ...(node ? { node } : {}) });
      },
      onObjectProperty: (key) => {
        stack[stack.length - 1]!.key = key;
      },
      onObjectEnd: (offset, length) => {
        const ended = stack.pop();
        if (ended?.node) ended.node.length = offset + length - ended.node.offset;
      },
      onArrayBegin: (offset) => {
        if (at(1, "cells")) cells.length = 0; // A repeated "cells" key: the last one counts.
        const cell = stack[2]?.node;
        const node: BuiltNode | undefined = cell && at(3, "source") ? { type: "array", offset, length: 0, children: [] } : undefined;
        if (node && cell) propertyOf(cell, "source", node);
        stack.push({ kind: "array", ...(node ? { node } : {}) });
      },
      onArrayEnd: (offset, length) => {
        const ended = stack.pop();
        if (ended?.node) ended.node.length = offset + length - ended.node.offset;
      },
      onLiteralValue: (value, offset, length) => {
        const cell = stack[2]?.node;
        if (!cell || typeof value !== "string") return;
        if (at(3, "cell_type") || at(3, "source")) propertyOf(cell, stack[2]!.key!, stringNode(value, offset, length, cell));
        else if (at(4) && stack[3]!.node) stack[3]!.node.children!.push(stringNode(value, offset, length, stack[3]!.node));
      },
      onError: () => {
        failed = true;
      },
    },
    options,
  );
  return failed ? undefined : cells;
}

/** The minimal nbformat 4 shape this module relies on, or undefined when the notebook has it. */
function nbformatProblem(root: unknown): string | undefined {
  if (!isObject(root)) return "the top level is not a JSON object";
  const { nbformat, cells } = root;
  if (typeof nbformat !== "number") return 'no "nbformat" version number';
  if (!Array.isArray(cells)) {
    return nbformat < 4 ? `nbformat ${nbformat} notebooks are not supported (open and save it in Jupyter to upgrade it to nbformat 4)` : 'no "cells" list';
  }
  for (const [index, cell] of cells.entries()) {
    const where = `cell ${index + 1}`;
    if (!isObject(cell)) return `${where} is not a JSON object`;
    if (typeof cell.cell_type !== "string") return `${where} has no "cell_type" string`;
    const { source } = cell;
    const isText = typeof source === "string" || (Array.isArray(source) && source.every((line) => typeof line === "string"));
    if (!isText) return `${where}: "source" is not a string or a list of strings`;
  }
  return undefined;
}

/** The notebook's kernel language when it says one, lower case. */
function kernelLanguage(root: unknown): string | undefined {
  const metadata = (root as JsonNotebook).metadata;
  const fromSpec = metadata?.kernelspec?.language;
  const language = typeof fromSpec === "string" ? fromSpec : metadata?.language_info?.name;
  return typeof language === "string" ? language.toLowerCase() : undefined;
}

function isPythonKernel(language: string | undefined): boolean {
  return language === undefined || /^i?python/.test(language);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value node of a property; the last one wins, as for `json.load` and `JSON.parse`. */
function property(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== "object") return undefined;
  let found: Node | undefined;
  for (const pair of node.children ?? []) if (pair.children?.[0]?.value === key) found = pair.children[1];
  return found;
}

function sourceSegments(text: string, source: Node, cell: number): Segment[] {
  const inside = (node: Node) => ({ cell, contentStart: node.offset + 1, contentEnd: node.offset + node.length - 1 });
  if (source.type === "string") return [inside(source)];
  const strings = source.children ?? [];
  const separator = listSeparator(text, source, strings);
  return strings.map((node) => ({ ...inside(node), separator }));
}

/** What separates two strings of a list in this notebook (`,\n    ` in Jupyter's layout). */
function listSeparator(text: string, list: Node, strings: readonly Node[]): string {
  const [a, b] = strings;
  if (a && b) return text.slice(a.offset + a.length, b.offset);
  const before = a ? text.slice(list.offset + 1, a.offset) : "";
  return `,${before || " "}`;
}

/**
 * Decodes the content of a JSON string at [start, end) of `text`, appending each UTF-16 unit to `chars` and the
 * range of its (possibly escaped) spelling to `from`/`to`. Returns how many units it appended.
 */
function decodeJsonString(text: string, start: number, end: number, chars: string[], from: number[], to: number[]): number {
  const before = chars.length;
  let k = start;
  while (k < end) {
    let char = text[k]!;
    let next = k + 1;
    if (char === "\\") {
      const kind = text[k + 1]!;
      next = k + 2;
      if (kind === "u") {
        char = String.fromCharCode(parseInt(text.slice(k + 2, k + 6), 16));
        next = k + 6;
      } else {
        char = ESCAPES[kind] ?? kind;
      }
    }
    chars.push(char);
    from.push(k);
    to.push(next);
    k = next;
  }
  return chars.length - before;
}

const ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\", "/": "/" };

/** JSON string content as Python's `json.dumps` writes it (notebooks: `ensure_ascii=False` unless all ASCII). */
export function escapeJsonContent(text: string, asciiOnly = false): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return asciiOnly ? escaped.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : escaped;
}
