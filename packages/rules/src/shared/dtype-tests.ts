import { isNameStart, isPrecisionFlagName, isWordChar, type LexicalScan } from "@gpu-compat/python";

/*
 * Lexical proofs for the `mayMatch` tests of the bf16 rules: that a file mentions a dtype only where the rules
 * leave it alone, so that it need not be parsed. Each proof knows a few plain shapes of code and answers "it may be
 * used" for anything else (odd spacing, a line continuation, a comment in the way): it must never call a request a
 * test, only sometimes miss one.
 */

/**
 * Whether every mention of `word` in code (a dtype name: `bfloat16`) only tests a dtype:
 * - a name (`torch.bfloat16`, a bare `bfloat16`) that is an operand of `==`, `!=`, `is`, `is not`, `in` or
 *   `not in`, or an item of a tuple, list or set of names that is the right operand of one (`dtype in
 *   (torch.float16, torch.bfloat16)`), where the comparison is not itself an operand of something tighter;
 * - a string literal that holds more than the word (a message), or the word alone anywhere but after `=` or `:`,
 *   where it could be a keyword or dict value (`dtype == "bfloat16"`, `Literal["float16", "bfloat16"]`,
 *   `choices=["float16", "bfloat16"]`).
 */
export function onlyTestsOf(scan: LexicalScan, word: string): boolean {
  for (const at of scan.codeWordOffsets(word)) {
    const end = at + word.length;
    const tested = scan.inPlainString(at, end) ? !mayBeValueString(scan, at, end) : isComparedName(scan, at, end);
    if (!tested) return false;
  }
  return true;
}

/**
 * Whether code may read a name spelled like a precision switch (`args.bf16`, `use_amp`, `fp16`) as a value, other
 * than `except` (a word `onlyTestsOf` has vouched for): a condition on one makes bf16-dtype report the switch, even
 * where what it guards is only a test. A callee (`x.half()`) or the start of a longer chain (`amp.autocast`) is no
 * switch.
 */
export function mayReadPrecisionFlag(scan: LexicalScan, except: string): boolean {
  const { text } = scan;
  for (const match of text.matchAll(SWITCH_PART)) {
    let start = match.index;
    let end = start + match[0].length;
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
    while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
    const name = text.slice(start, end);
    if (name === except || !isPrecisionFlagName(name) || scan.inProse(start) || scan.inPlainString(start, end)) continue;
    const next = text[spacesAfter(text, end)];
    if (next !== "(" && next !== ".") return true;
  }
  return false;
}

/** The precision words a switch's name is made of (see isPrecisionFlagName). */
const SWITCH_PART = /bf16|bfloat16|fp16|half|amp|mixed_precision/gi;

/**
 * The string literal around [at, end) may be a keyword or dict value of exactly that text: the text fills it
 * (quotes on both sides), and the code before it, past its quotes, prefix and any spaces, is `=` (not `==`, `!=`,
 * `<=`, `>=`) or `:`, or is unsure (a comment, a line continuation).
 */
function mayBeValueString(scan: LexicalScan, at: number, end: number): boolean {
  const { text } = scan;
  const quote = text[at - 1];
  if ((quote !== '"' && quote !== "'") || text[end] !== quote) return false;
  let i = at - 1;
  while (i > 0 && text[i - 1] === quote) i--;
  for (let letters = 0; letters < 2 && i > 0 && /[a-z]/i.test(text[i - 1]!); letters++) i--;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  const before = i - 1;
  if (before < 0) return false;
  if (scan.inProse(before) || text[before] === "\\" || text[before] === ":") return true;
  return text[before] === "=" && !isOneOf("=!<>", text[before - 1]);
}

/** The name at [at, end), extended to its dotted chain (`torch.bfloat16`), is an operand of a comparison. */
function isComparedName(scan: LexicalScan, at: number, end: number): boolean {
  const { text } = scan;
  const start = chainStart(text, at);
  if (start === null) return false;
  if (comparisonBefore(text, start) && endsOperand(scan, end)) return true;
  const after = comparisonAfter(text, end);
  // `for a, torch.bfloat16 in pairs:` names a loop target: a comma before only suits the other comparisons.
  if (after && opensLeftOperand(text, start) && !(after === "in" && text[spacesBefore(text, start) - 1] === ",")) return true;
  return isComparedItem(scan, start, end);
}

/**
 * An item of a flat tuple, list or set of dotted names (`(torch.float16, torch.bfloat16)`, across lines too) that
 * is the right operand of a comparison, with nothing binding tighter after it.
 */
function isComparedItem(scan: LexicalScan, start: number, end: number): boolean {
  const { text } = scan;
  const open = openingBracket(scan, start);
  const close = closingBracket(scan, end);
  if (open === null || close === null || CLOSER[text[open]!] !== text[close]) return false;
  return comparisonBefore(text, open) && endsOperand(scan, close + 1);
}

const CLOSER: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };

/** Back from an item over `, name` items to the bracket that opens the collection, if it is that plain. */
function openingBracket(scan: LexicalScan, itemStart: number): number | null {
  const { text } = scan;
  let i = itemStart;
  for (;;) {
    const before = whitespaceBefore(text, i) - 1;
    if (before < 0 || scan.inProse(before)) return null;
    if (CLOSER[text[before]!] !== undefined) return before;
    if (text[before] !== ",") return null;
    const itemEnd = whitespaceBefore(text, before);
    const previous = chainStart(text, itemEnd);
    if (previous === null) return null;
    i = previous;
  }
}

/** On from an item over `, name` items (a trailing comma too) to the bracket that closes the collection. */
function closingBracket(scan: LexicalScan, itemEnd: number): number | null {
  const { text } = scan;
  let i = itemEnd;
  for (;;) {
    let after = whitespaceAfter(text, i);
    if (after >= text.length || scan.inProse(after)) return null;
    if (isOneOf(")]}", text[after])) return after;
    if (text[after] !== ",") return null;
    after = whitespaceAfter(text, after + 1);
    if (isOneOf(")]}", text[after])) return after;
    const next = chainEnd(text, after);
    if (next === null) return null;
    i = next;
  }
}

/** The start of the dotted name chain that ends at `end` (`torch.bfloat16`), or null when it is not one. */
function chainStart(text: string, end: number): number | null {
  let i = end;
  while (i > 0 && (isWordChar(text.charCodeAt(i - 1)) || text[i - 1] === ".")) i--;
  return i < end && isNameStart(text.charCodeAt(i)) ? i : null;
}

/** The end of the dotted name chain that starts at `start`, or null when none starts there. */
function chainEnd(text: string, start: number): number | null {
  if (!isNameStart(text.charCodeAt(start))) return null;
  let i = start;
  while (i < text.length && (isWordChar(text.charCodeAt(i)) || text[i] === ".")) i++;
  return text[i - 1] === "." ? null : i;
}

/** Just before `at`, on the same line: a comparison operator whose right operand starts at `at`. */
function comparisonBefore(text: string, at: number): boolean {
  const i = spacesBefore(text, at);
  if ((text.startsWith("==", i - 2) || text.startsWith("!=", i - 2)) && !isOneOf("=!<>", text[i - 3])) return true;
  const word = wordBefore(text, i);
  if (word === "is") return true;
  const j = spacesBefore(text, i - word.length);
  if (word === "not") return wordBefore(text, j) === "is";
  if (word !== "in") return false;
  return wordBefore(text, j) === "not" || isMembershipTest(text, i - word.length);
}

/**
 * The `in` at `inAt` tests membership rather than naming a `for` loop's iterable: earlier on its line there is a
 * word or sign no `for` target holds outside brackets (`if`, `elif`, `while`, `and`, `or`, `not`, `assert`,
 * `return`, an assignment's `=`), and between the last of them and the `in` neither a bracket nor a `for`.
 */
function isMembershipTest(text: string, inAt: number): boolean {
  let lineStart = inAt;
  while (lineStart > 0 && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
  const line = text.slice(lineStart, inAt);
  const anchor = [...line.matchAll(MEMBERSHIP_ANCHOR)].at(-1);
  if (!anchor) return false;
  const between = line.slice(anchor.index + anchor[0].length);
  return !/[()[\]{}]|\bfor\b/.test(between);
}

const MEMBERSHIP_ANCHOR = /\b(?:if|elif|while|and|or|not|assert|return)\b|(?<![=!<>])=(?!=)/g;

/** Just after `at`, on the same line: the comparison operator for which a left operand ends at `at`, or "". */
function comparisonAfter(text: string, at: number): string {
  const i = spacesAfter(text, at);
  if (text.startsWith("==", i) || text.startsWith("!=", i)) return text.slice(i, i + 2);
  const word = wordAt(text, i);
  if (word === "is" || word === "in") return word;
  return word === "not" && wordAt(text, spacesAfter(text, i + word.length)) === "in" ? "not in" : "";
}

/**
 * Just before `at`, on the same line, something that binds more loosely than a comparison, so that a comparison
 * starting at `at` is whole: an opening bracket, a comma, a colon, an assignment, another comparison, or a keyword
 * such as `if` or `and`. A line start is not enough (the line before may continue into this one).
 */
function opensLeftOperand(text: string, at: number): boolean {
  const i = spacesBefore(text, at);
  const c = text[i - 1];
  if (isOneOf("([{,:", c)) return true;
  if (c === "=") return true; // `=`, `==`, `+=`, `:=`: all bind more loosely than the comparison after them
  if (c === ">" || c === "<") return false; // `>>`, `<<` bind tighter; `<=`, `>=` end in `=`
  if (text.startsWith("!=", i - 2)) return true;
  return LOOSER_KEYWORDS.has(wordBefore(text, i));
}

const LOOSER_KEYWORDS = new Set(["if", "elif", "while", "and", "or", "not", "return", "assert", "else", "is", "in"]);

/**
 * What follows an operand ending at `at` binds no tighter than the comparison, so the comparison is all it belongs
 * to: a closing bracket, a comma, a colon, another comparison, a keyword (`and`, `if`, `for`, ...), or the end of
 * the line when what comes next cannot continue the expression (the next line starts with a name or a closing
 * bracket; an operator, an opening bracket or a dot could continue it inside brackets).
 */
function endsOperand(scan: LexicalScan, at: number): boolean {
  const { text } = scan;
  let i = spacesAfter(text, at);
  if (i >= text.length || followsOnLine(text, i)) return true;
  if (!isOneOf("#\r\n", text[i])) return false;
  for (;;) {
    i = whitespaceAfter(text, i);
    if (text[i] !== "#" || !scan.inProse(i)) break;
    while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
  }
  return i >= text.length || isOneOf(")]}", text[i]) || isNameStart(text.charCodeAt(i));
}

function followsOnLine(text: string, i: number): boolean {
  if (isOneOf(")]},:;", text[i])) return true;
  if (text.startsWith("==", i) || text.startsWith("!=", i)) return true;
  return FOLLOWING_KEYWORDS.has(wordAt(text, i));
}

const FOLLOWING_KEYWORDS = new Set(["and", "or", "if", "else", "for", "in", "not", "is"]);

/** The word (identifier characters) that ends at `end`, or "". */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  return text.slice(start, end);
}

/** The word that starts at `start` and is not part of a longer one, or "". */
function wordAt(text: string, start: number): string {
  if (start > 0 && isWordChar(text.charCodeAt(start - 1))) return "";
  let end = start;
  while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
  return text.slice(start, end);
}

/** Spaces and tabs only: a line break may or may not end the statement. */
function spacesBefore(text: string, at: number): number {
  let i = at;
  while (i > 0 && (text[i - 1] === " " || text[i - 1] === "\t")) i--;
  return i;
}

function spacesAfter(text: string, at: number): number {
  let i = at;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  return i;
}

/** Any whitespace, line breaks included: inside brackets they are only layout. */
function whitespaceBefore(text: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return i;
}

function whitespaceAfter(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/** Whether `c` is one of the characters of `chars` (never for a position past the text). */
function isOneOf(chars: string, c: string | undefined): boolean {
  return c !== undefined && c !== "" && chars.includes(c);
}

/** Whether a string literal of exactly `value` (`"bf16"`, `'bf16'`, any prefix or triple quotes) may be in code. */
export function quotedInCode(scan: LexicalScan, value: string): boolean {
  return scan.inCode(`"${value}"`) || scan.inCode(`'${value}'`);
}

/**
 * Whether code may pass `name=True` (`bf16=True`): some code mention of the word `name` is followed by `=` (not
 * `==`) and `True`, or by something that leaves it unsure (a comment, a line continuation).
 */
export function maySetTrue(scan: LexicalScan, name: string): boolean {
  const { text } = scan;
  for (const at of scan.codeWordOffsets(name)) {
    // Line breaks between a keyword, its `=` and its value are layout inside the call's brackets.
    let i = whitespaceAfter(text, at + name.length);
    if (isOneOf("#\\", text[i])) return true;
    if (text[i] !== "=" || text[i + 1] === "=") continue;
    i = whitespaceAfter(text, i + 1);
    if (isOneOf("#\\", text[i]) || wordAt(text, i) === "True") return true;
  }
  return false;
}
