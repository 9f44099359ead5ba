// IPython syntax in a notebook code cell, masked with Python of the same length so that every offset of the cell
// stays where it was. What IPython transforms (IPython.core.inputtransformer2): a `%%` magic on the cell's first
// non-blank line; at the start of a logical line `!cmd`, `!!cmd`, `%magic`, `?x`, `??x` and the autocall escapes
// `/f x`, `,f a`, `;f a`; `x = !cmd` and `x = %magic`; a logical line ending in `?` or `??` (help).

/** A half-open range of the cell's text. */
export interface CellRange {
  start: number;
  end: number;
}

/** Shell text inside a cell: a `!` command (`line`), or the body of a `%%bash`-like cell (`cell`). */
export interface CellShell extends CellRange {
  kind: "line" | "cell";
  /** A statement `!cmd` (not `!!cmd` or `x = !cmd`): where its `!` is. */
  bangAt?: number;
}

export interface MaskedCell {
  /** The cell's text with IPython syntax replaced; same length, same line breaks. */
  text: string;
  /** Masked lines, from their line start through their line break: never to be edited. */
  masked: CellRange[];
  /** The shell commands the cell runs. */
  shell: CellShell[];
  /** Why the cell cannot stand on its own as Python (an unclosed bracket, string or line continuation). */
  problem?: string;
}

/** Cell magics whose body IPython runs as (IPython) Python: only their first line is masked. */
const PYTHON_BODY_MAGICS = new Set(["time", "timeit", "capture", "prun"]);
/** Cell magics whose body is a shell script. */
const SHELL_MAGICS = new Set(["bash", "sh"]);
/** Line magics that run their argument in a shell (`%sx ls`), and those that are shell commands themselves. */
const SHELL_LINE_MAGICS = new Set(["sx", "system"]);
const COMMAND_LINE_MAGICS = new Set(["pip", "conda", "mamba"]);

interface Line {
  start: number;
  /** End of the content, before the line break. */
  end: number;
  /** Start of the next line. */
  next: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n" || ch === "\r") {
      const next = ch === "\r" && text[i + 1] === "\n" ? i + 2 : i + 1;
      lines.push({ start, end: i, next });
      start = next;
      i = next - 1;
    }
  }
  if (start < text.length || lines.length === 0) lines.push({ start, end: text.length, next: text.length });
  return lines;
}

/** A statement of exactly `length` characters: `pass` padded with spaces, or `0` when shorter than `pass`. */
function filler(length: number): string {
  return length >= 4 ? `pass${" ".repeat(length - 4)}` : `0${" ".repeat(Math.max(0, length - 1))}`;
}

export function maskIPython(cell: string): MaskedCell {
  const lines = splitLines(cell);
  const out = cell.split("");
  const masked: CellRange[] = [];
  const shell: CellShell[] = [];
  let problem: string | undefined;

  // Masks lines first..last: the first keeps its indentation (or loses it, at the cell's magic line) and becomes a
  // statement; the others become blank, which Python ignores whatever their indentation.
  const mask = (first: number, last: number, keepIndent: boolean) => {
    for (let i = first; i <= last; i++) {
      const line = lines[i]!;
      const from = i === first && keepIndent ? line.start + indentOf(cell, line) : line.start;
      const fill = i === first ? filler(line.end - from) : " ".repeat(line.end - from);
      for (let k = 0; k < fill.length; k++) out[from + k] = fill[k]!;
    }
    masked.push({ start: lines[first]!.start, end: lines[last]!.next });
  };

  let i = lines.findIndex((line) => cell.slice(line.start, line.end).trim() !== "");
  if (i < 0) return { text: cell, masked, shell };
  const first = lines[i]!;
  const firstText = cell.slice(first.start + indentOf(cell, first), first.end);
  if (firstText.startsWith("%%")) {
    const magic = cellMagic(firstText);
    const bodyStart = first.next;
    if (magic.body === "python") {
      mask(i, i, false);
      i++;
    } else {
      mask(i, lines.length - 1, false);
      masked.splice(-1, 1, { start: 0, end: cell.length });
      if (magic.body === "shell" && bodyStart < cell.length) shell.push({ kind: "cell", start: bodyStart, end: cell.length });
      return { text: out.join(""), masked, shell };
    }
  }

  while (i < lines.length) {
    const line = lines[i]!;
    const indent = indentOf(cell, line);
    const rest = cell.slice(line.start + indent, line.end);
    if (rest === "" || rest.startsWith("#")) {
      i++;
      continue;
    }
    const escape = escapedCommand(rest);
    if (escape) {
      // An escaped command ends at its line, unless the line ends with a backslash.
      let last = i;
      while (last + 1 < lines.length && cell.slice(lines[last]!.start, lines[last]!.end).endsWith("\\")) last++;
      if (escape.shellAt !== undefined) {
        const bangAt = escape.bang ? { bangAt: line.start + indent } : {};
        shell.push({ kind: "line", start: line.start + indent + escape.shellAt, end: lines[last]!.end, ...bangAt });
      }
      mask(i, last, true);
      i = last + 1;
      continue;
    }
    const logical = scanLogicalLine(cell, lines, i);
    if (logical.problem) problem ??= logical.problem;
    if (logical.lastChar === "?") mask(i, logical.last, true);
    i = logical.last + 1;
  }
  return { text: out.join(""), masked, shell, ...(problem ? { problem } : {}) };
}

function indentOf(text: string, line: Line): number {
  let at = line.start;
  while (at < line.end && (text[at] === " " || text[at] === "\t" || text[at] === "\f")) at++;
  return at - line.start;
}

/** What a `%%name args` line's body is: Python (still visible), shell, or something else (hidden). */
function cellMagic(line: string): { body: "python" | "shell" | "other" } {
  const [name = "", ...args] = line.slice(2).trim().split(/\s+/);
  if (PYTHON_BODY_MAGICS.has(name)) return { body: "python" };
  if (SHELL_MAGICS.has(name)) return { body: "shell" };
  if (name === "script" && /^(?:\S*\/)?(?:ba)?sh$/.test(args.find((a) => !a.startsWith("-")) ?? "")) return { body: "shell" };
  if (name === "writefile" || name === "file") {
    // `%%writefile [-a] path`: the file's text is the body; IPython does not transform it.
    const path = (args.filter((a) => !a.startsWith("-")).pop() ?? "").replace(/^(["'])(.*)\1$/, "$2");
    if (path.endsWith(".py")) return { body: "python" };
    if (path.endsWith(".sh")) return { body: "shell" };
  }
  return { body: "other" };
}

/**
 * An IPython escape at the start of a logical line (`rest` is the line after its indentation), with where its
 * shell command starts when it runs one; undefined for Python.
 */
function escapedCommand(rest: string): { shellAt?: number; bang?: boolean } | undefined {
  const c = rest[0];
  if (c === "!" && rest[1] !== "=") return rest.startsWith("!!") ? { shellAt: 2 } : { shellAt: 1, bang: true };
  if (c === "%" && rest[1] !== "=") return magicShell(rest, 0);
  if (c === "?" || c === "/" || c === "," || c === ";") return {};
  const assign = assignmentValue(rest);
  if (assign === undefined) return undefined;
  if (rest[assign] === "!" && rest[assign + 1] !== "=") return { shellAt: rest.startsWith("!!", assign) ? assign + 2 : assign + 1 };
  if (rest[assign] === "%" && /[A-Za-z_]/.test(rest[assign + 1] ?? "")) return magicShell(rest, assign);
  return undefined;
}

/** `%sx cmd` runs `cmd`; `%pip install x` is the shell command `pip install x`; other magics run no shell. */
function magicShell(rest: string, at: number): { shellAt?: number } {
  const match = /^%+([A-Za-z_]\w*)[ \t]*/.exec(rest.slice(at));
  if (!match) return {};
  if (SHELL_LINE_MAGICS.has(match[1]!)) return { shellAt: at + match[0].length };
  if (COMMAND_LINE_MAGICS.has(match[1]!)) return { shellAt: at + match[0].indexOf(match[1]!) };
  return {};
}

/**
 * Where the value of `targets = value` starts on this line, for the first `=` outside brackets and strings (not
 * `==`, `<=`, `+=`, ...); undefined when the line is no such assignment.
 */
function assignmentValue(rest: string): number | undefined {
  let depth = 0;
  for (let k = 0; k < rest.length; k++) {
    const c = rest[k]!;
    if (c === "#") return undefined;
    if (c === '"' || c === "'") {
      k = skipString(rest, k).end - 1;
      continue;
    }
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth = Math.max(0, depth - 1);
    else if (c === "=" && depth === 0) {
      // Not `==`, `<=`, `+=`, ...; a line starting with `=` is no assignment either.
      if (k === 0 || rest[k + 1] === "=" || "=!<>+-*/%&|^@:".includes(rest[k - 1]!)) {
        if (rest[k + 1] === "=") k++;
        continue;
      }
      let value = k + 1;
      while (rest[value] === " " || rest[value] === "\t") value++;
      return value;
    }
  }
  return undefined;
}

/** The end of the string literal whose quote is at `at`; `closed` false when the text ends first. */
function skipString(text: string, at: number, lineEnds = false): { end: number; closed: boolean } {
  const quote = text[at]!;
  const triple = text.startsWith(quote.repeat(3), at);
  const close = triple ? quote.repeat(3) : quote;
  let k = at + close.length;
  while (k < text.length) {
    const c = text[k]!;
    if (c === "\\") {
      k += text.startsWith("\r\n", k + 1) ? 3 : 2;
      continue;
    }
    if (!triple && lineEnds && (c === "\n" || c === "\r")) return { end: k, closed: false };
    if (text.startsWith(close, k)) return { end: k + close.length, closed: true };
    k++;
  }
  return { end: text.length, closed: false };
}

/**
 * Follows one logical Python line from line `first` (brackets, strings and backslashes join physical lines) and
 * returns its last physical line and its last character outside comments.
 */
function scanLogicalLine(cell: string, lines: readonly Line[], first: number): { last: number; lastChar: string; problem?: string } {
  let depth = 0;
  let lastChar = "";
  let problem: string | undefined;
  let k = lines[first]!.start;
  let line = first;
  const lineAt = (offset: number) => {
    while (line + 1 < lines.length && lines[line]!.next <= offset) line++;
    return line;
  };
  while (k < cell.length) {
    const c = cell[k]!;
    if (c === "#") {
      k = lines[lineAt(k)]!.end;
      continue;
    }
    if (c === '"' || c === "'") {
      const string = skipString(cell, k, true);
      if (!string.closed) problem ??= `unterminated string at line ${lineAt(k) + 1}`;
      lastChar = c;
      k = string.end;
      continue;
    }
    if (c === "\\" && (k + 1 === cell.length || cell[k + 1] === "\n" || cell[k + 1] === "\r")) {
      if (k + 1 === cell.length) problem ??= `line ${lineAt(k) + 1} ends the cell with a backslash continuation`;
      k = lines[lineAt(k)]!.next;
      continue;
    }
    if (c === "\n" || c === "\r") {
      if (depth === 0) return { last: lineAt(k), lastChar, ...(problem ? { problem } : {}) };
      k++;
      continue;
    }
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth = Math.max(0, depth - 1);
    if (c !== " " && c !== "\t" && c !== "\f") lastChar = c;
    k++;
  }
  if (depth > 0) problem ??= `a bracket opened at line ${first + 1} is not closed in the cell`;
  return { last: lines.length - 1, lastChar, ...(problem ? { problem } : {}) };
}
