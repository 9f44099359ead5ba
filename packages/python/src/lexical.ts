import { isWordChar, wordOffsets } from "./words.js";

/**
 * A lexical scan of a Python text, without parsing: where it is prose rather than code, and what its string
 * literals hold. Prose is comments, and triple-quoted strings outside brackets: docstrings and the
 * `EXAMPLE_DOC_STRING = """..."""` blocks of model libraries (one passed in a call, `f(dtype="""bfloat16""")`,
 * is a value). The engine's prefilter uses it to skip files whose trigger literals all sit in prose, so it must
 * never call code prose: f-strings (whose `{...}` fields are code) are code, and an unterminated triple-quoted
 * string leaves the rest of the file as code.
 */
export class LexicalScan {
  /** Sorted, disjoint [start, end) pairs of UTF-16 offsets: comments and triple-quoted strings outside brackets. */
  readonly prose: readonly number[];
  /** [start, end) pairs of the bodies (between the quotes) of the string literals without fields. */
  private readonly bodies: readonly number[];

  constructor(readonly text: string) {
    const scanner = new Scanner(text);
    scanner.run();
    this.prose = scanner.prose;
    this.bodies = scanner.bodies;
  }

  /** Whether some occurrence of `literal` lies in code: not wholly inside one stretch of prose. */
  inCode(literal: string): boolean {
    const { text, prose } = this;
    let at = text.indexOf(literal);
    let r = 0;
    while (at !== -1) {
      while (r < prose.length && prose[r + 1]! <= at) r += 2;
      if (r >= prose.length || at < prose[r]! || at + literal.length > prose[r + 1]!) return true;
      at = text.indexOf(literal, prose[r + 1]!);
    }
    return false;
  }

  /** The offsets of the whole-word occurrences of `word` (see `wordOffsets`) that lie in code. */
  *codeWordOffsets(word: string): Generator<number> {
    for (const at of wordOffsets(this.text, word)) if (!this.inProse(at)) yield at;
  }

  /**
   * Whether `word` occurs as a whole word in code outside string literals without fields: where it can be a name
   * the parser sees (an identifier, an attribute, an import). Inside an f-string's field it counts.
   */
  hasCodeName(word: string): boolean {
    for (const at of this.codeWordOffsets(word)) if (!this.inPlainString(at, at + word.length)) return true;
    return false;
  }

  /**
   * Whether `word` occurs as a code name (see hasCodeName) that is not an attribute (`x.word`): where it can start a
   * dotted name, as a module does in `import word`, `from word.sub import f` or `word.f(...)`. A qualified name that
   * starts with `word` needs one.
   */
  hasLeadingName(word: string): boolean {
    for (const at of this.codeWordOffsets(word)) {
      if (this.inPlainString(at, at + word.length)) continue;
      let before = at - 1;
      while (before >= 0 && (this.text[before] === " " || this.text[before] === "\t")) before--;
      if (this.text[before] !== ".") return true;
    }
    return false;
  }

  /** Whether the character at `offset` is prose: in a comment or a docstring-like string. */
  inProse(offset: number): boolean {
    return containing(this.prose, offset, offset + 1);
  }

  /** Whether [start, end) lies within the body of one string literal without fields (see `strings`). */
  inPlainString(start: number, end: number): boolean {
    return containing(this.bodies, start, end);
  }

  /**
   * The text between the quotes of every string literal that has no fields (f-strings aside), docstrings and
   * strings nested in f-string fields included, as written: a literal without escapes has this as its value.
   */
  *strings(): Generator<string> {
    const { bodies, text } = this;
    for (let i = 0; i < bodies.length; i += 2) yield text.slice(bodies[i], bodies[i + 1]);
  }
}

/** Whether one of the sorted, disjoint [start, end) pairs of `ranges` holds all of [start, end). */
function containing(ranges: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = ranges.length / 2;
  // The last pair that starts at or before `start`.
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ranges[middle * 2]! <= start) low = middle + 1;
    else high = middle;
  }
  return low > 0 && end <= ranges[low * 2 - 1]!;
}

/** The flat [start, end, start, end, ...] ranges of the prose of a Python text (see LexicalScan). */
export function proseRanges(text: string): number[] {
  return [...new LexicalScan(text).prose];
}

const HASH = 35;
const BACKSLASH = 92;
const LF = 10;
const CR = 13;
const OPEN_BRACE = 123;
const OPEN_PAREN = 40;
const OPEN_BRACKET = 91;
const QUOTE = 34;
const APOSTROPHE = 39;

/** Stops of the scan through code: a comment, the quote that starts a string, a bracket. */
const CODE_STOP = /[#'"()[\]{}]/g;

interface StringToken {
  /** Where its prefix starts. */
  start: number;
  end: number;
  triple: boolean;
  /** f-strings and t-strings: their `{...}` fields are code. */
  interpolated: boolean;
  terminated: boolean;
}

interface Body {
  end: number;
  terminated: boolean;
}

class Scanner {
  readonly prose: number[] = [];
  readonly bodies: number[] = [];

  constructor(private readonly text: string) {}

  run(): void {
    const { text } = this;
    let i = 0;
    // Brackets open around the scan: a triple-quoted string inside them is a value passed on (an argument, an
    // item), which rules may read like any string, not prose.
    let depth = 0;
    for (;;) {
      CODE_STOP.lastIndex = i;
      const stop = CODE_STOP.exec(text);
      if (!stop) return;
      const at = stop.index;
      const c = text.charCodeAt(at);
      if (c === HASH) {
        i = lineEnd(text, at);
        this.prose.push(at, i);
        continue;
      }
      if (c !== QUOTE && c !== APOSTROPHE) {
        depth = c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE ? depth + 1 : Math.max(0, depth - 1);
        i = at + 1;
        continue;
      }
      const string = this.readString(at);
      if (!string.terminated && string.triple) return; // Unsure where it ends: the rest counts as code.
      if (string.triple && !string.interpolated && depth === 0) this.prose.push(string.start, string.end);
      i = string.end;
    }
  }

  /** The string literal whose opening quote is at `quoteAt`, with the prefix (`rb`, `f`, ...) just before it. */
  private readString(quoteAt: number): StringToken {
    const { text } = this;
    const prefix = prefixBefore(text, quoteAt);
    const quote = text[quoteAt]!;
    const triple = text[quoteAt + 1] === quote && text[quoteAt + 2] === quote;
    const delimiter = triple ? quote.repeat(3) : quote;
    const interpolated = /[ft]/.test(prefix);
    const bodyStart = quoteAt + delimiter.length;
    const body = interpolated ? this.skipInterpolated(bodyStart, delimiter, prefix.includes("r")) : skipPlain(text, bodyStart, delimiter);
    if (!interpolated && body.terminated) {
      const bodyEnd = body.end - delimiter.length;
      this.bodies.push(bodyStart, bodyEnd);
      // tree-sitter reads a raw string of backslashes alone (`r"\\"`) as empty: the rules see "" there.
      if (prefix.includes("r") && /^\\+$/.test(text.slice(bodyStart, bodyEnd))) this.bodies.push(bodyStart, bodyStart);
    }
    return { start: quoteAt - prefix.length, end: body.end, triple, interpolated, terminated: body.terminated };
  }

  /**
   * An f-string (or t-string) body: literal text with `{...}` fields, which hold code and, since Python 3.12
   * (PEP 701), may hold strings in the same quotes as the f-string itself.
   */
  private skipInterpolated(from: number, delimiter: string, raw: boolean): Body {
    const { text } = this;
    let i = from;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        const next = text[i + 1];
        if (next === "{" || next === "}") i += 1; // `\{` is a backslash, then a field.
        else if (!raw && next === "N" && text[i + 2] === "{") i = Math.max(text.indexOf("}", i), i + 2) + 1; // `\N{DASH}`
        else i += text.startsWith("\r\n", i + 1) ? 3 : 2;
        continue;
      }
      if (text.startsWith(delimiter, i)) return { end: i + delimiter.length, terminated: true };
      if (delimiter.length === 1 && (c === LF || c === CR)) return { end: i, terminated: false };
      if (text.startsWith("{{", i) || text.startsWith("}}", i)) i += 2;
      else if (c === OPEN_BRACE) i = this.skipField(i + 1);
      else i++;
    }
    return { end: text.length, terminated: false };
  }

  /** A field's code, from just after its `{` to just after its `}`: nested brackets and strings, then a format spec. */
  private skipField(from: number): number {
    const { text } = this;
    let depth = 0;
    let i = from;
    while (i < text.length) {
      const c = text[i]!;
      if (c === "'" || c === '"') {
        const string = this.readString(i);
        if (!string.terminated) return string.end;
        i = string.end;
        continue;
      }
      if (c === "#") {
        i = lineEnd(text, i);
        continue;
      }
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (c === "}") {
        if (depth === 0) return i + 1;
        depth--;
      } else if (c === ":" && depth === 0) return this.skipFormatSpec(i + 1);
      i++;
    }
    return i;
  }

  /** A format spec (`>10`, `.{digits}f`): literal text, with nested fields, up to just after the field's `}`. */
  private skipFormatSpec(from: number): number {
    const { text } = this;
    let i = from;
    while (i < text.length) {
      const c = text[i]!;
      if (c === "}") return i + 1;
      i = c === "{" ? this.skipField(i + 1) : i + 1;
    }
    return i;
  }
}

const PREFIXES = new Set(["r", "u", "b", "f", "t", "br", "rb", "ur", "fr", "rf", "tr", "rt"]); // `ur`: Python 2

/** The lower-cased string prefix ending at `quoteAt`: a whole word such as `rb`, or "" (`elif"x"` has none). */
function prefixBefore(text: string, quoteAt: number): string {
  let start = quoteAt;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  if (quoteAt - start > 2) return "";
  const word = text.slice(start, quoteAt).toLowerCase();
  return PREFIXES.has(word) ? word : "";
}


/**
 * A string without fields, from just after its opening delimiter: a backslash keeps the next character from
 * closing it (raw strings too: `r"\""` is one string); a line break ends a one-line string, unterminated.
 */
function skipPlain(text: string, from: number, delimiter: string): Body {
  const pattern = PLAIN_BODY[delimiter]!;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const c = match[0].charCodeAt(0);
    if (c === BACKSLASH) continue;
    if (c === LF || c === CR) return { end: match.index, terminated: false };
    return { end: match.index + delimiter.length, terminated: true };
  }
  return { end: text.length, terminated: false };
}

const PLAIN_BODY: Record<string, RegExp> = {
  '"': /\\(?:\r\n|[^])|"|[\r\n]/g,
  "'": /\\(?:\r\n|[^])|'|[\r\n]/g,
  '"""': /\\(?:\r\n|[^])|"""/g,
  "'''": /\\(?:\r\n|[^])|'''/g,
};

/** The offset of the line break that ends the line at `from` (or the end of the text). */
function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return text.length;
}
