import type { Token } from "./lexer.js";

/**
 * Integer constant expressions as CUDA sources write sizes: literals (`98304`, `0x18000`, `96u`, `1'024`),
 * names the caller resolves (`#define`/`constexpr` constants), `sizeof` of a built-in type, casts to integer types,
 * parentheses and the C operators. Anything else (a variable, a call, `sizeof(T)`, a float) makes the whole
 * expression unknown: the caller gets null, never a guess.
 */

/** Bytes of the types whose size is the same on every platform CUDA builds for (`long` differs: not listed). */
const TYPE_BYTES: ReadonlyMap<string, number> = new Map([
  ...["char", "signed char", "unsigned char", "bool", "int8_t", "uint8_t", "__nv_fp8_e4m3", "__nv_fp8_e5m2"].map((t) => [t, 1] as const),
  ...["short", "unsigned short", "int16_t", "uint16_t", "half", "__half", "__nv_bfloat16", "nv_bfloat16", "at::Half", "c10::Half", "at::BFloat16", "c10::BFloat16"].map((t) => [t, 2] as const),
  ...["int", "unsigned", "unsigned int", "signed", "signed int", "int32_t", "uint32_t", "float", "half2", "__half2", "__nv_bfloat162", "nv_bfloat162"].map((t) => [t, 4] as const),
  ...["long long", "unsigned long long", "int64_t", "uint64_t", "size_t", "double", "float2", "int2", "uint2"].map((t) => [t, 8] as const),
  ...["float3", "int3", "uint3"].map((t) => [t, 12] as const),
  ...["float4", "int4", "uint4", "double2"].map((t) => [t, 16] as const),
]);

const INTEGER_TYPES = new Set(["char", "short", "int", "unsigned", "signed", "long", "size_t", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t"]);

/** "unsigned int", "at::Half", "size_t" (for `std::size_t`): the key a type's tokens have in TYPE_BYTES. */
export function typeName(tokens: readonly Token[]): string {
  return tokens
    .map((t) => t.text)
    .join(" ")
    .replace(/\s*::\s*/g, "::")
    .replace(/^(?:::)?std::/, "");
}

/** Bytes of a built-in type, or null. */
export function typeBytes(tokens: readonly Token[]): number | null {
  return TYPE_BYTES.get(typeName(tokens)) ?? null;
}

/** The value of a name, or null when it is not a known constant. */
export type Resolve = (name: string) => number | null;

class Unknown extends Error {}

/** The value of an integer constant expression, or null when any part of it is unknown. */
export function evaluate(tokens: readonly Token[], resolve: Resolve): number | null {
  if (tokens.length === 0) return null;
  try {
    const parser = new ExpressionParser(tokens, resolve);
    const value = parser.conditional();
    return parser.done() ? value : null;
  } catch (error) {
    if (error instanceof Unknown) return null;
    throw error;
  }
}

/** The value of an integer literal (`98304`, `0x18000`, `0b11`, `010`, `96u`, `1'024ull`), or null (floats included). */
export function integerLiteral(text: string): number | null {
  const body = text.replaceAll("'", "").replace(/(?:[uU](?:ll|LL|[lLzZ])?|(?:ll|LL|[lLzZ])[uU]?)$/, "");
  const match = /^(?:0[xX]([0-9a-fA-F]+)|0[bB]([01]+)|0([0-7]*)|([1-9]\d*))$/.exec(body);
  if (!match) return null;
  const [, hex, binary, octal, decimal] = match;
  const value = hex !== undefined ? parseInt(hex, 16) : binary !== undefined ? parseInt(binary, 2) : octal !== undefined ? (octal === "" ? 0 : parseInt(octal, 8)) : Number(decimal);
  return Number.isSafeInteger(value) ? value : null;
}

const BINARY_LEVELS: readonly (readonly string[])[] = [["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<", ">", "<=", ">="], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];

class ExpressionParser {
  private pos = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly resolve: Resolve,
  ) {}

  done(): boolean {
    return this.pos === this.tokens.length;
  }

  conditional(): number {
    const condition = this.binary(0);
    if (!this.accept("?")) return condition;
    const then = this.conditional();
    this.expect(":");
    const otherwise = this.conditional();
    return condition !== 0 ? then : otherwise;
  }

  private binary(level: number): number {
    if (level === BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.peek()?.text;
      if (op === undefined || !BINARY_LEVELS[level]!.includes(op)) return left;
      this.pos++;
      left = apply(op, left, this.binary(level + 1));
    }
  }

  private unary(): number {
    const token = this.peek();
    if (!token) throw new Unknown();
    if (token.text === "+" || token.text === "-" || token.text === "~" || token.text === "!") {
      this.pos++;
      const value = this.unary();
      return token.text === "+" ? value : token.text === "-" ? -value : token.text === "~" ? ~int32(value) : Number(value === 0);
    }
    if (token.text === "sizeof") {
      this.pos++;
      this.expect("(");
      const type = this.until(")");
      const bytes = typeBytes(type);
      if (bytes === null) throw new Unknown();
      return bytes;
    }
    if (token.text === "(") {
      const close = this.matching(this.pos);
      const inner = this.tokens.slice(this.pos + 1, close);
      if (isIntegerType(inner)) {
        // A C cast to an integer type: `(size_t)BM * BK`.
        this.pos = close + 1;
        return this.unary();
      }
    }
    return this.primary();
  }

  private primary(): number {
    const token = this.tokens[this.pos++];
    if (!token) throw new Unknown();
    if (token.kind === "number") {
      const value = integerLiteral(token.text);
      if (value === null) throw new Unknown();
      return value;
    }
    if (token.text === "(") {
      const value = this.conditional();
      this.expect(")");
      return value;
    }
    if (token.text === "static_cast") {
      this.expect("<");
      if (!isIntegerType(this.until(">"))) throw new Unknown();
      this.expect("(");
      const value = this.conditional();
      this.expect(")");
      return value;
    }
    if (token.text === "true" || token.text === "false") return Number(token.text === "true");
    // A name: a call (`f(x)`) or a qualified or member name (`Traits::kSmem`, `cfg.smem`) is not a constant here.
    const next = this.peek()?.text;
    if (token.kind !== "identifier" || next === "(" || next === "::" || next === "." || next === "->") throw new Unknown();
    const value = this.resolve(token.text);
    if (value === null) throw new Unknown();
    return value;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private accept(text: string): boolean {
    if (this.peek()?.text !== text) return false;
    this.pos++;
    return true;
  }

  private expect(text: string): void {
    if (!this.accept(text)) throw new Unknown();
  }

  /** The tokens up to the next `close` (consumed), for type names, which hold no brackets. */
  private until(close: string): Token[] {
    const start = this.pos;
    while (this.peek() && this.peek()!.text !== close) this.pos++;
    const inner = this.tokens.slice(start, this.pos);
    this.expect(close);
    return inner;
  }

  private matching(open: number): number {
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      const text = this.tokens[i]!.text;
      if (text === "(") depth++;
      else if (text === ")" && --depth === 0) return i;
    }
    throw new Unknown();
  }
}

function isIntegerType(tokens: readonly Token[]): boolean {
  return tokens.length > 0 && tokens.every((t) => INTEGER_TYPES.has(t.text) || t.text === "std" || t.text === "::") && tokens.some((t) => INTEGER_TYPES.has(t.text));
}

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case "||":
      return Number(a !== 0 || b !== 0);
    case "&&":
      return Number(a !== 0 && b !== 0);
    case "|":
      return int32(a) | int32(b);
    case "^":
      return int32(a) ^ int32(b);
    case "&":
      return int32(a) & int32(b);
    case "==":
      return Number(a === b);
    case "!=":
      return Number(a !== b);
    case "<":
      return Number(a < b);
    case ">":
      return Number(a > b);
    case "<=":
      return Number(a <= b);
    case ">=":
      return Number(a >= b);
    case "<<":
      return b < 0 || b > 52 ? unknown() : checked(a * 2 ** b);
    case ">>":
      return b < 0 || b > 52 ? unknown() : Math.floor(a / 2 ** b);
    case "+":
      return checked(a + b);
    case "-":
      return checked(a - b);
    case "*":
      return checked(a * b);
    case "/":
      return b === 0 ? unknown() : Math.trunc(a / b);
    case "%":
      return b === 0 ? unknown() : a % b;
  }
  return unknown();
}

function checked(value: number): number {
  if (!Number.isSafeInteger(value)) throw new Unknown();
  return value;
}

/** Bitwise operators work on 32 bits in JavaScript: only operands that fit are trusted. */
function int32(value: number): number {
  if (value < -(2 ** 31) || value >= 2 ** 31) throw new Unknown();
  return value;
}

function unknown(): never {
  throw new Unknown();
}
