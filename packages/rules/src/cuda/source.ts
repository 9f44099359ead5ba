import { Constants } from "./constants.js";
import { typeBytes } from "./evaluate.js";
import { lexCuda, type Directive, type Token } from "./lexer.js";

/** A `__shared__` variable declared in a kernel's body, with what its size is made of. */
export interface SharedArray {
  name: Token;
  /** Bytes per element; null for a type the lexer cannot size (`T`, `typename Policy::TempStorage`). */
  elementBytes: number | null;
  /** The tokens of each `[dimension]`; null when the declarator is not a plain array (`*p`, `[]`). */
  dimensions: Token[][] | null;
}

/** A `__global__` function definition. */
export interface Kernel {
  name: string;
  nameToken: Token;
  /** Static `__shared__` variables outside `#if` blocks; `extern __shared__` (dynamic) ones are not listed. */
  shared: SharedArray[];
}

/** Static shared memory of a kernel: the bytes known, and whether every `__shared__` variable could be sized. */
export interface StaticShared {
  bytes: number;
  complete: boolean;
}

/**
 * Names by which code asks the device what it can do: its shared memory per block or per SM, its compute
 * capability. A source that reads any of them is taken to size its requests from the answer.
 */
const DEVICE_QUERIES = new Set([
  "cudaDevAttrMaxSharedMemoryPerBlockOptin",
  "cudaDevAttrMaxSharedMemoryPerBlock",
  "cudaDevAttrMaxSharedMemoryPerMultiprocessor",
  "cudaDevAttrComputeCapabilityMajor",
  "sharedMemPerBlockOptin",
  "sharedMemPerBlock",
  "sharedMemPerMultiprocessor",
  "cudaOccupancyAvailableDynamicSMemPerBlock",
  "CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN",
  "CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK",
  "CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR",
  "CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR",
]);

/** Tokens before a kernel's name that take a parenthesized argument: `__launch_bounds__(256)`. */
const ATTRIBUTES = new Set(["__launch_bounds__", "__attribute__", "__declspec", "alignas", "__align__", "__maxnreg__", "__cluster_dims__"]);

/** Words of a `__shared__` declaration that are not its type. */
const QUALIFIERS = new Set(["static", "volatile", "const", "__shared__", "__device__"]);

/**
 * One CUDA text (a `.cu`/`.cuh` file, or the sources a Python file passes to `load_inline`), read token by token:
 * its constants, its kernels and their static shared memory. A CUDA document is never edited.
 */
export class CudaSource {
  readonly tokens: readonly Token[];
  readonly directives: readonly Directive[];
  readonly constants: Constants;
  private readonly conditionalRanges: readonly { start: number; end: number }[];
  private kernelList?: Kernel[];

  constructor(readonly text: string) {
    const lexed = lexCuda(text);
    this.tokens = lexed.tokens;
    this.directives = lexed.directives;
    this.conditionalRanges = lexed.conditionalRanges;
    this.constants = new Constants(lexed, (offset) => this.isConditional(offset));
  }

  /** True inside an `#if`/`#ifdef`/`#ifndef` block (include guards excepted): compiled only in some builds. */
  isConditional(offset: number): boolean {
    return this.conditionalRanges.some((range) => offset >= range.start && offset < range.end);
  }

  get kernels(): readonly Kernel[] {
    return (this.kernelList ??= readKernels(this));
  }

  /** The first name in the code that asks the device for its shared memory or compute capability, if any. */
  get deviceQuery(): string | null {
    for (const [k, token] of this.tokens.entries()) {
      if (DEVICE_QUERIES.has(token.text)) return token.text;
      // `prop.major`, `getCurrentDeviceProperties()->major`
      const before = this.tokens[k - 1]?.text;
      if (token.text === "major" && (before === "." || before === "->")) return `${before}major`;
    }
    return null;
  }

  /** Static shared memory of a kernel, with constants given other values by `overrides`. */
  staticShared(kernel: Kernel, overrides?: ReadonlyMap<string, number>): StaticShared {
    let bytes = 0;
    let complete = true;
    for (const array of kernel.shared) {
      const size = this.arrayBytes(array, overrides);
      if (size === null) complete = false;
      else bytes += size;
    }
    return { bytes, complete };
  }

  private arrayBytes(array: SharedArray, overrides?: ReadonlyMap<string, number>): number | null {
    if (array.elementBytes === null || array.dimensions === null) return null;
    let size = array.elementBytes;
    for (const dimension of array.dimensions) {
      const length = this.constants.evaluate(dimension, overrides)?.value;
      if (length === undefined || length < 0) return null;
      size *= length;
    }
    return size;
  }

  /** The index of the bracket closing the one at `open`: `(`, `[`, `{` or `<<<`; -1 when unclosed. */
  closing(open: number): number {
    const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}", "<<<": ">>>" };
    const close = pairs[this.tokens[open]?.text ?? ""];
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      const text = this.tokens[i]!.text;
      if (text === "(" || text === "[" || text === "{" || text === "<<<") depth++;
      else if (text === ")" || text === "]" || text === "}" || text === ">>>") {
        depth--;
        if (depth === 0) return text === close ? i : -1;
      }
    }
    return -1;
  }

  /** The tokens between the brackets at `open` and `close`, split at top-level commas. */
  arguments(open: number, close: number): Token[][] {
    const args: Token[][] = [[]];
    let depth = 0;
    for (let i = open + 1; i < close; i++) {
      const token = this.tokens[i]!;
      if (token.text === "(" || token.text === "[" || token.text === "{") depth++;
      else if (token.text === ")" || token.text === "]" || token.text === "}") depth--;
      if (token.text === "," && depth === 0) args.push([]);
      else args[args.length - 1]!.push(token);
    }
    return args.length === 1 && args[0]!.length === 0 ? [] : args;
  }
}

function readKernels(source: CudaSource): Kernel[] {
  const { tokens } = source;
  const kernels: Kernel[] = [];
  tokens.forEach((token, k) => {
    if (token.text !== "__global__") return;
    // The name is the identifier before the parameter list, past attributes such as `__launch_bounds__(256)`.
    let j = k + 1;
    for (; j < tokens.length && tokens[j]!.text !== ";" && tokens[j]!.text !== "{"; j++) {
      if (tokens[j]!.kind !== "identifier" || tokens[j + 1]?.text !== "(") continue;
      if (!ATTRIBUTES.has(tokens[j]!.text)) break;
      j = source.closing(j + 1);
      if (j === -1) return;
    }
    const nameToken = tokens[j];
    const parameters = source.closing(j + 1);
    if (nameToken?.kind !== "identifier" || parameters === -1) return;
    let open = parameters + 1;
    while (open < tokens.length && tokens[open]!.text !== "{" && tokens[open]!.text !== ";") open++;
    if (tokens[open]?.text !== "{") return; // a declaration
    const close = source.closing(open);
    if (close === -1) return;
    kernels.push({ name: nameToken.text, nameToken, shared: readShared(source, open, close) });
  });
  return kernels;
}

/** The static `__shared__` declarations between the braces at `open` and `close`, outside `#if` blocks. */
function readShared(source: CudaSource, open: number, close: number): SharedArray[] {
  const { tokens } = source;
  const arrays: SharedArray[] = [];
  for (let i = open + 1; i < close; i++) {
    if (tokens[i]!.text !== "__shared__" || source.isConditional(tokens[i]!.start)) continue;
    let start = i;
    while (start > open + 1 && ![";", "{", "}"].includes(tokens[start - 1]!.text)) start--;
    let end = i;
    while (end < close && tokens[end]!.text !== ";") end++;
    const statement = tokens.slice(start, end);
    if (statement.some((t) => t.text === "extern")) continue; // dynamic shared memory: sized at launch
    arrays.push(...declarators(withoutQualifiers(statement)));
    i = end;
  }
  return arrays;
}

/** The statement without `static`, `volatile`, `__shared__`, `__align__(16)`, ...: a type and declarators. */
function withoutQualifiers(statement: readonly Token[]): Token[] {
  const kept: Token[] = [];
  for (let i = 0; i < statement.length; i++) {
    const text = statement[i]!.text;
    if ((text === "__align__" || text === "alignas") && statement[i + 1]?.text === "(") {
      while (i < statement.length && statement[i]!.text !== ")") i++;
    } else if (!QUALIFIERS.has(text)) {
      kept.push(statement[i]!);
    }
  }
  return kept;
}

/** `float a[BM][BK], b[BK][BN]` -> two arrays of 4-byte elements. */
function declarators(tokens: readonly Token[]): SharedArray[] {
  const first = tokens.findIndex((t, i) => t.kind === "identifier" && i > 0 && (i === tokens.length - 1 || ["[", ",", "="].includes(tokens[i + 1]!.text)));
  if (first === -1) return tokens[0] ? [{ name: tokens[0], elementBytes: null, dimensions: null }] : [];
  const type = tokens.slice(0, first);
  const elementBytes = type.every((t) => t.kind === "identifier" || t.text === "::") ? typeBytes(type) : null;
  const arrays: SharedArray[] = [];
  let rest = tokens.slice(first);
  while (rest.length > 0) {
    const name = rest[0]!;
    const dimensions: Token[][] = [];
    let i = 1;
    for (; rest[i]?.text === "["; i++) {
      const dimension: Token[] = [];
      let depth = 0;
      for (i++; i < rest.length && !(depth === 0 && rest[i]!.text === "]"); i++) {
        if (rest[i]!.text === "[") depth++;
        else if (rest[i]!.text === "]") depth--;
        dimension.push(rest[i]!);
      }
      dimensions.push(dimension);
    }
    const plain = name.kind === "identifier" && (i === rest.length || rest[i]!.text === ",");
    arrays.push({ name, elementBytes, dimensions: plain ? dimensions : null });
    const comma = rest.findIndex((t, k) => k >= i && t.text === ",");
    rest = comma === -1 ? [] : rest.slice(comma + 1);
  }
  return arrays;
}
