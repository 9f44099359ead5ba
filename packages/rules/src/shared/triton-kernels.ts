import {
  argumentsOf,
  hasSplat,
  keywordArgument,
  keywordArguments,
  keywordValue,
  namedChildrenOf,
  stringValue,
  unparenthesize,
  type ImportMap,
  type PythonSource,
  type SyntaxNode,
} from "@gpu-compat/python";

/**
 * Triton kernels as a file shows them: `@triton.jit` functions that multiply tiles with `tl.dot`, the
 * `triton.Config` lists they are autotuned over, and launches with literal meta-parameters
 * (`kernel[grid](..., BLOCK_M=128, num_stages=3)`). Only what is written as literals is read; anything computed
 * is left out (`unknown` entries) rather than guessed.
 */

/** A `@triton.jit` function with at least one `tl.dot`. */
export interface TritonKernel {
  name: string;
  definition: SyntaxNode;
  /** Bytes per element of the `tl.dot` operands (A, the M x K side; B, the K x N side), when the kernel shows them. */
  operandBytes: { a: number; b: number } | null;
}

/** The tile sizes of one run of a kernel, from a `triton.Config` or a launch's keywords. */
export interface MetaParameters {
  /** The `triton.Config(...)` call or the launch call. */
  node: SyntaxNode;
  m: number;
  n: number;
  k: number;
  /** The keys as written, for messages: ["BLOCK_SIZE_M", "BLOCK_SIZE_N", "BLOCK_SIZE_K"]. */
  keys: [string, string, string];
  /** Null when not given: then the default applies, which differs between Triton releases. */
  numStages: number | null;
}

/** One element of an autotune list: a config read from literals, or something computed. */
export type ConfigEntry = { kind: "config"; params: MetaParameters } | { kind: "unknown"; node: SyntaxNode };

/** A list of configs and the kernels autotuned over it (one, or several sharing a module-level list). */
export interface AutotuneList {
  list: SyntaxNode;
  entries: ConfigEntry[];
  kernels: TritonKernel[];
}

export interface KernelLaunch {
  kernel: TritonKernel;
  params: MetaParameters;
}

export interface TritonFile {
  lists: AutotuneList[];
  launches: KernelLaunch[];
}

/** Bytes per element of the Triton dtypes a `tl.dot` takes (`tl.float8e4nv`, `tl.float8e5`, ... are 1). */
const DTYPE_BYTES: Record<string, number> = { float16: 2, bfloat16: 2, float32: 4, float64: 8, int8: 1, uint8: 1 };

const BLOCK_KEY = /^(?:[A-Z0-9]+_)*?(?:BLOCK|TILE)(?:_?SIZE)?_?([MNK])$/;

/** "BLOCK_M", "BLOCK_SIZE_M", "BLOCKM", "TILE_K" -> the dimension; other keys (GROUP_SIZE_M, SPLIT_K) -> null. */
export function blockDimension(key: string): "m" | "n" | "k" | null {
  const match = BLOCK_KEY.exec(key.toUpperCase());
  return match ? (match[1]!.toLowerCase() as "m" | "n" | "k") : null;
}

export function readTritonFile(source: PythonSource): TritonFile {
  const { imports } = source;
  if (!imports.importsModule("triton")) return { lists: [], launches: [] };
  const lists = new Map<number, AutotuneList & { users: number }>();
  const launches: KernelLaunch[] = [];
  for (const decorated of source.root.descendantsOfType("decorated_definition")) {
    const definition = decorated?.childForFieldName("definition");
    if (!decorated || definition?.type !== "function_definition") continue;
    const decorators = namedChildrenOf(decorated).filter((child) => child.type === "decorator");
    const expressions = decorators.map((d) => unparenthesize(namedChildrenOf(d).find((c) => c.type !== "comment")!));
    if (!expressions.some((e) => decoratorName(e, imports) === "triton.jit")) continue;
    const kernel = readKernel(definition, imports);
    if (!kernel) continue;
    const autotune = expressions.find((e) => e.type === "call" && decoratorName(e, imports) === "triton.autotune");
    if (!autotune) {
      launches.push(...readLaunches(source, kernel));
      continue;
    }
    const found = configList(source, autotune);
    if (!found) continue;
    const known = lists.get(found.list.startIndex);
    if (known) known.kernels.push(kernel);
    else {
      const entries = namedChildrenOf(found.list).filter((c) => c.type !== "comment").map((e) => readEntry(e, imports));
      lists.set(found.list.startIndex, { list: found.list, entries, kernels: [kernel], users: found.users });
    }
  }
  // A list shared with an autotuner this file does not read (a kernel without `tl.dot`, one that prunes) is left
  // alone: what does not fit one kernel may fit the other.
  const complete = [...lists.values()].filter((list) => list.kernels.length === list.users);
  return { lists: complete.map(({ users: _, ...list }) => list), launches };
}

/** `triton.jit`, `triton.autotune(...)`: the qualified name a decorator calls or names. */
function decoratorName(expression: SyntaxNode, imports: ImportMap): string | null {
  const callee = expression.type === "call" ? expression.childForFieldName("function") : expression;
  return callee ? imports.qualifiedName(callee) : null;
}

function readKernel(definition: SyntaxNode, imports: ImportMap): TritonKernel | null {
  const dots = definition
    .descendantsOfType("call")
    .filter((call): call is SyntaxNode => !!call && qualifiedCallee(call, imports) === "triton.language.dot");
  if (dots.length === 0) return null;
  const name = definition.childForFieldName("name")!.text;
  return { name, definition, operandBytes: operandBytes(dots, definition, imports) };
}

function qualifiedCallee(call: SyntaxNode, imports: ImportMap): string | null {
  const fn = call.childForFieldName("function");
  return fn ? imports.qualifiedName(fn) : null;
}

/** The element size of each side of the kernel's `tl.dot`s, when every operand shows one and each side agrees. */
function operandBytes(dots: SyntaxNode[], kernel: SyntaxNode, imports: ImportMap): { a: number; b: number } | null {
  const sides: [Set<number | null>, Set<number | null>] = [new Set(), new Set()];
  for (const dot of dots) {
    const a = argumentValue(dot, 0, ["input", "a"]);
    const b = argumentValue(dot, 1, ["other", "b"]);
    sides[0].add(a ? expressionBytes(a, kernel, imports, 0) : null);
    sides[1].add(b ? expressionBytes(b, kernel, imports, 0) : null);
  }
  const [a, b] = sides.map((side) => (side.size === 1 ? [...side][0]! : null));
  return a && b ? { a, b } : null;
}

/** The argument at `index`, or passed by one of these keyword names. */
function argumentValue(call: SyntaxNode, index: number, names: readonly string[]): SyntaxNode | null {
  const positional = argumentsOf(call).filter((arg) => arg.type !== "keyword_argument");
  if (positional[index]) return positional[index]!;
  const keyword = names.map((name) => keywordArgument(call, name)).find((argument) => argument !== null);
  return keyword ? keywordValue(keyword) : null;
}

/**
 * The element size of a `tl.dot` operand: `x.to(tl.float16)`, `tl.cast(x, tl.float16)`, or a name every
 * assignment of which in the kernel is such a cast. Anything else (a bare `tl.load`) is unknown: its dtype is the
 * tensor's at run time.
 */
function expressionBytes(expression: SyntaxNode, kernel: SyntaxNode, imports: ImportMap, depth: number): number | null {
  const node = unparenthesize(expression);
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "to") return dtypeBytes(argumentValue(node, 0, ["dtype"]), imports);
    if (fn && imports.qualifiedName(fn) === "triton.language.cast") return dtypeBytes(argumentValue(node, 1, ["dtype"]), imports);
    return null;
  }
  if (node.type !== "identifier" || depth > 3) return null;
  const sizes = new Set<number | null>();
  for (const assignment of kernel.descendantsOfType("assignment")) {
    const left = assignment?.childForFieldName("left");
    const right = assignment?.childForFieldName("right");
    if (left?.type !== "identifier" || left.text !== node.text) continue;
    sizes.add(right ? expressionBytes(right, kernel, imports, depth + 1) : null);
  }
  return sizes.size === 1 ? [...sizes][0]! : null;
}

function dtypeBytes(node: SyntaxNode | null | undefined, imports: ImportMap): number | null {
  const name = node ? imports.qualifiedName(unparenthesize(node)) : null;
  if (!name?.startsWith("triton.language.")) return null;
  const dtype = name.slice("triton.language.".length);
  return DTYPE_BYTES[dtype] ?? (dtype.startsWith("float8") ? 1 : null);
}

/**
 * The list an autotune decorator tunes over: `configs=[...]` (or the first positional argument), or a module-level
 * name bound once to a list literal and used nowhere but in `configs=`. Null when the decorator prunes configs
 * itself (`prune_configs_by`, which may already drop what does not fit) or the list is computed.
 */
function configList(source: PythonSource, autotune: SyntaxNode): { list: SyntaxNode; users: number } | null {
  if (hasSplat(autotune) || keywordArgument(autotune, "prune_configs_by")) return null;
  const argument = keywordArgument(autotune, "configs");
  const value = argument ? keywordValue(argument) : argumentsOf(autotune).find((arg) => arg.type !== "keyword_argument");
  if (!value) return null;
  const node = unparenthesize(value);
  if (node.type === "list") return { list: node, users: 1 };
  return node.type === "identifier" ? moduleList(source, node.text) : null;
}

/** The list a module-level name is bound to, and how many autotune decorators use it. */
function moduleList(source: PythonSource, name: string): { list: SyntaxNode; users: number } | null {
  let list: SyntaxNode | null = null;
  let users = 0;
  for (const use of source.occurrences(name)) {
    if (use.type !== "identifier") continue;
    const parent = use.parent;
    if (isAutotuneConfigs(use, source.imports)) {
      users++;
      continue;
    }
    const assignment = parent?.type === "assignment" && parent.childForFieldName("left")?.startIndex === use.startIndex ? parent : null;
    const right = assignment?.childForFieldName("right");
    // A second binding, a mutation (`CONFIGS.append`) or any other use makes the list's contents uncertain.
    if (!assignment || list || right?.type !== "list" || assignment.parent?.parent?.type !== "module") return null;
    list = right;
  }
  return list && { list, users };
}

/** `configs=NAME` (or NAME as the first positional argument) of a `triton.autotune(...)` call. */
function isAutotuneConfigs(use: SyntaxNode, imports: ImportMap): boolean {
  const parent = use.parent;
  const keyword = parent?.type === "keyword_argument" ? parent : null;
  if (keyword && keyword.childForFieldName("name")?.text !== "configs") return false;
  const call = (keyword ?? use).parent?.parent;
  if (call?.type !== "call" || qualifiedCallee(call, imports) !== "triton.autotune") return false;
  return keyword !== null || argumentsOf(call).find((arg) => arg.type !== "keyword_argument")?.startIndex === use.startIndex;
}

function readEntry(element: SyntaxNode, imports: ImportMap): ConfigEntry {
  const unknown: ConfigEntry = { kind: "unknown", node: element };
  if (element.type !== "call" || hasSplat(element)) return unknown;
  const name = qualifiedCallee(element, imports);
  if (name !== "triton.Config" && name !== "triton.runtime.Config" && name !== "triton.runtime.autotuner.Config") return unknown;
  const kwargs = argumentValue(element, 0, ["kwargs"]);
  if (kwargs?.type !== "dictionary") return unknown;
  const blocks = new Map<"m" | "n" | "k", { key: string; value: SyntaxNode | null }>();
  for (const pair of namedChildrenOf(kwargs)) {
    if (pair.type === "comment") continue;
    if (pair.type !== "pair") return unknown; // `**other`: keys we cannot see
    const key = stringValue(pair.childForFieldName("key"));
    if (key === null) return unknown;
    const dimension = blockDimension(key);
    if (!dimension) continue;
    if (blocks.has(dimension)) return unknown; // two keys for one dimension: which one the kernel reads is a guess
    blocks.set(dimension, { key, value: pair.childForFieldName("value") });
  }
  // Config(kwargs, num_warps, num_stages, ...)
  const params = metaParameters(element, blocks, argumentValue(element, 2, ["num_stages"]));
  return params ? { kind: "config", params } : unknown;
}

/** `kernel[grid](..., BLOCK_M=128, BLOCK_N=128, BLOCK_K=64, num_stages=3)` calls of a kernel defined here. */
function readLaunches(source: PythonSource, kernel: TritonKernel): KernelLaunch[] {
  const launches: KernelLaunch[] = [];
  for (const use of source.occurrences(kernel.name)) {
    const subscript = use.parent;
    if (use.type !== "identifier" || subscript?.type !== "subscript" || subscript.childForFieldName("value")?.startIndex !== use.startIndex) continue;
    const call = subscript.parent;
    if (call?.type !== "call" || call.childForFieldName("function")?.startIndex !== subscript.startIndex || hasSplat(call)) continue;
    const blocks = new Map<"m" | "n" | "k", { key: string; value: SyntaxNode | null }>();
    let ambiguous = false;
    for (const argument of keywordArguments(call)) {
      const key = argument.childForFieldName("name")!.text;
      const dimension = blockDimension(key);
      if (!dimension) continue;
      ambiguous ||= blocks.has(dimension);
      blocks.set(dimension, { key, value: keywordValue(argument) });
    }
    const stages = keywordArgument(call, "num_stages");
    const params = ambiguous ? null : metaParameters(call, blocks, stages ? keywordValue(stages) : null);
    if (params) launches.push({ kernel, params });
  }
  return launches;
}

function metaParameters(
  node: SyntaxNode,
  blocks: Map<"m" | "n" | "k", { key: string; value: SyntaxNode | null }>,
  stagesNode: SyntaxNode | null,
): MetaParameters | null {
  const [m, n, k] = (["m", "n", "k"] as const).map((d) => blocks.get(d));
  if (!m || !n || !k) return null;
  const sizes = [m, n, k].map((entry) => integerValue(entry.value));
  if (sizes.some((size) => size === null || size <= 0)) return null;
  const numStages = stagesNode ? integerValue(stagesNode) : null;
  if (stagesNode && (numStages === null || numStages < 1)) return null;
  return { node, m: sizes[0]!, n: sizes[1]!, k: sizes[2]!, keys: [m.key, n.key, k.key], numStages };
}

function integerValue(node: SyntaxNode | null): number | null {
  const value = node ? unparenthesize(node) : null;
  if (value?.type !== "integer") return null;
  const number = Number(value.text.replace(/_/g, ""));
  return Number.isSafeInteger(number) ? number : null;
}
