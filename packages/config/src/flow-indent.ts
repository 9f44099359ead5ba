/**
 * PyYAML reads a flow collection or a quoted scalar whose continuation lines are indented less than the block
 * collection holding it (`key: [a,\nb]`, a closing `]` in column 0); the YAML spec, and so the `yaml` library,
 * reject that. Real configs are written this way, and the tools that read them load them, so a config that fails
 * only for this reason is read from a view with those lines indented enough, and every offset is mapped back.
 * Inside a flow collection or a quoted scalar, leading white space on a continuation line carries no meaning (it
 * is folded away), so the view holds the same values as the file.
 */

/** The padded view of a text, and the map from its offsets back to the text's. */
export interface IndentedView {
  text: string;
  toOriginal(offset: number): number;
}

type Open = { kind: "flow"; depth: number; column: number } | { kind: "quote"; quote: '"' | "'"; column: number; inFlow: number };

/**
 * The view with each continuation line of a multi-line flow collection or quoted scalar indented to the column
 * where it opened; undefined when no line needs it. A lexical scan: block scalars and comments are skipped, and
 * `[`, `{` and quotes open something only where a block value starts (`key: [`, `- "`), as in YAML.
 */
export function indentFlowContinuations(text: string): IndentedView | undefined {
  const insertAt: number[] = []; // original offsets of line starts that get padding
  const counts: number[] = [];
  let open: Open | undefined;
  let blockScalarIndent: number | undefined;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let indent = 0;
    while (text.charCodeAt(lineStart + indent) === 32) indent++;
    const blank = /^[ \t]*\r?$/.test(text.slice(lineStart + indent, lineEnd));
    if (blockScalarIndent !== undefined && (blank || indent > blockScalarIndent)) {
      lineStart = lineEnd + 1;
      continue;
    }
    blockScalarIndent = undefined;
    if (open && !blank && indent < open.column) {
      insertAt.push(lineStart);
      counts.push(open.column - indent);
    }
    const scanned = scanLine(text, lineStart + indent, lineEnd, open);
    open = scanned.open;
    if (scanned.blockScalar) blockScalarIndent = indent;
    lineStart = lineEnd + 1;
  }
  if (insertAt.length === 0) return undefined;

  const parts: string[] = [];
  const viewStarts: number[] = []; // view offset where each padding begins
  let from = 0;
  let added = 0;
  insertAt.forEach((at, i) => {
    parts.push(text.slice(from, at));
    viewStarts.push(at + added);
    parts.push(" ".repeat(counts[i]!));
    added += counts[i]!;
    from = at;
  });
  parts.push(text.slice(from));
  const cumulative = counts.map(((sum) => (count: number) => (sum += count))(0));
  return {
    text: parts.join(""),
    toOriginal(offset) {
      // The last padding that begins at or before the offset; inside it, the offset is the line's start.
      let low = 0;
      let high = viewStarts.length - 1;
      let found = -1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        if (viewStarts[mid]! <= offset) {
          found = mid;
          low = mid + 1;
        } else high = mid - 1;
      }
      if (found < 0) return offset;
      const before = cumulative[found]! - counts[found]!;
      const padEnd = viewStarts[found]! + counts[found]!;
      return offset < padEnd ? viewStarts[found]! - before : offset - cumulative[found]!;
    },
  };
}

const isBlank = (char: string | undefined) => char === undefined || char === " " || char === "\t" || char === "\r" || char === "\n";

/** Scans one line from its first non-space character; says what is still open at its end. */
function scanLine(text: string, from: number, end: number, open: Open | undefined): { open: Open | undefined; blockScalar: boolean } {
  let valueStart = open === undefined;
  let i = from;
  const column = (at: number) => at - text.lastIndexOf("\n", at - 1) - 1;
  while (i < end) {
    const char = text[i]!;
    if (open?.kind === "quote") {
      if (open.quote === '"' && char === "\\") i += 2;
      else if (open.quote === "'" && char === "'" && text[i + 1] === "'") i += 2;
      else if (char === open.quote) {
        i++;
        open = open.inFlow > 0 ? { kind: "flow", depth: open.inFlow, column: open.column } : undefined;
        valueStart = false;
      } else i++;
      continue;
    }
    const comment = char === "#" && (i === from || isBlank(text[i - 1]));
    if (comment) break;
    if (open?.kind === "flow") {
      if (char === "[" || char === "{") open = { ...open, depth: open.depth + 1 };
      else if (char === "]" || char === "}") {
        open = open.depth > 1 ? { ...open, depth: open.depth - 1 } : undefined;
        valueStart = false;
      } else if (char === '"' || char === "'") open = { kind: "quote", quote: char, column: open.column, inFlow: open.depth };
      i++;
      continue;
    }
    if (char === " " || char === "\t" || char === "\r") {
      i++;
      continue;
    }
    if (valueStart) {
      if ((char === "-" || char === "?" || char === ":") && isBlank(text[i + 1])) {
        i++;
        continue;
      }
      if (text.startsWith("---", i) && column(i) === 0 && isBlank(text[i + 3])) {
        i += 3;
        continue;
      }
      if (char === "&" || char === "!") {
        while (i < end && !isBlank(text[i])) i++;
        continue;
      }
      if (char === "[" || char === "{") {
        open = { kind: "flow", depth: 1, column: column(i) };
        i++;
        continue;
      }
      if (char === '"' || char === "'") {
        open = { kind: "quote", quote: char, column: column(i), inFlow: 0 };
        i++;
        continue;
      }
      if (char === "|" || char === ">") return { open: undefined, blockScalar: true };
      if (char === "%" && column(i) === 0) break;
      valueStart = false;
    }
    // A plain scalar or a key: `: ` starts a value.
    if (char === ":" && isBlank(text[i + 1])) valueStart = true;
    i++;
  }
  return { open, blockScalar: false };
}
