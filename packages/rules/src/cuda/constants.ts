import { evaluate } from "./evaluate.js";
import type { LexedCuda, Token } from "./lexer.js";

/**
 * The named integer constants of one CUDA source: object-like `#define NAME expr`, `const`/`constexpr`
 * declarations outside parentheses (`constexpr int BM = 128;`, `const size_t smem = BM * BK * sizeof(half);`,
 * `static constexpr int kStages{3};`), and variables declared with a value that nothing else assigns
 * (`int shared = 16 * (2 * 256 * 8 + 32 * 9);`). A name is not a constant, and so its value unknown, when it is
 * defined twice with different values, inside an `#if` block (another branch or a `-D` flag may give it another
 * value), assigned, incremented or passed by address (`&smem`) anywhere, `#undef`-ined, a function-like macro, a
 * template parameter, or a parameter of a function or lambda (which shadows the constant inside it).
 */

export interface ConstantDefinition {
  /** The name's token in the definition. */
  name: Token;
  /** The tokens of its value. */
  value: Token[];
}

/** A computed size, with the constants it read (directly or through other constants), in the order first read. */
export interface Evaluation {
  value: number;
  names: string[];
}

const ASSIGNMENTS = new Set(["=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^="]);

export class Constants {
  private readonly definitions = new Map<string, ConstantDefinition[]>();
  private readonly poisoned = new Set<string>();
  private readonly cache = new Map<string, Evaluation | null>();

  constructor(lexed: LexedCuda, isConditional: (offset: number) => boolean) {
    const define = (definition: ConstantDefinition) => {
      if (isConditional(definition.name.start)) this.poisoned.add(definition.name.text);
      const list = this.definitions.get(definition.name.text) ?? [];
      list.push(definition);
      this.definitions.set(definition.name.text, list);
    };
    for (const directive of lexed.directives) readDirective(directive.name, directive.tokens, define, this.poisoned);
    const consumed = readDeclarations(lexed.tokens, define);
    poisonAssigned(lexed.tokens, consumed, this.poisoned);
    poisonTemplateParameters(lexed.tokens, this.poisoned);
    poisonFunctionParameters(lexed.tokens, this.poisoned);
  }

  /** The first definition of a name, for messages; undefined for names that are not defined. */
  definitionOf(name: string): ConstantDefinition | undefined {
    return this.definitions.get(name)?.[0];
  }

  /**
   * The value of an expression, or null when any part is unknown. `overrides` gives some constants other values,
   * to try a change ("with BK = 16, ...").
   */
  evaluate(tokens: readonly Token[], overrides: ReadonlyMap<string, number> = new Map()): Evaluation | null {
    return this.evaluateWith(tokens, overrides, new Set());
  }

  /** The value of a constant, or null when the name is not one. */
  valueOf(name: string): number | null {
    return this.nameValue(name, new Map(), new Set())?.value ?? null;
  }

  /** True when a constant's value is a plain number: one of the knobs a size is built from. */
  isLeaf(name: string): boolean {
    const evaluation = this.nameValue(name, new Map(), new Set());
    return evaluation !== null && evaluation.names.length === 1;
  }

  private evaluateWith(tokens: readonly Token[], overrides: ReadonlyMap<string, number>, visiting: Set<string>): Evaluation | null {
    const names: string[] = [];
    const value = evaluate(tokens, (name) => {
      const resolved = this.nameValue(name, overrides, visiting);
      if (resolved) for (const used of resolved.names) if (!names.includes(used)) names.push(used);
      return resolved?.value ?? null;
    });
    return value === null ? null : { value, names };
  }

  private nameValue(name: string, overrides: ReadonlyMap<string, number>, visiting: Set<string>): Evaluation | null {
    const override = overrides.get(name);
    if (override !== undefined) return { value: override, names: [name] };
    const cacheable = overrides.size === 0;
    if (cacheable && this.cache.has(name)) return this.cache.get(name)!;
    const definitions = this.definitions.get(name);
    if (!definitions || this.poisoned.has(name) || visiting.has(name)) return null;
    visiting.add(name);
    const values = definitions.map((d) => this.evaluateWith(d.value, overrides, visiting));
    visiting.delete(name);
    const [first] = values;
    const agreed = first && values.every((v) => v !== null && v.value === first.value) ? { value: first.value, names: [name, ...first.names.filter((n) => n !== name)] } : null;
    if (cacheable) this.cache.set(name, agreed);
    return agreed;
  }
}

function readDirective(name: string, tokens: readonly Token[], define: (definition: ConstantDefinition) => void, poisoned: Set<string>): void {
  const [macro, next] = tokens;
  if (macro?.kind !== "identifier") return;
  if (name === "undef") poisoned.add(macro.text);
  if (name !== "define") return;
  // `#define SMEM(x) ...` takes arguments: the `(` touches the name.
  if (next?.text === "(" && next.start === macro.end) poisoned.add(macro.text);
  else define({ name: macro, value: tokens.slice(1) });
}

/** Words that can start a statement without declaring a variable (`return x = 1;`, `using T = int;`). */
const NOT_DECLARATIONS = new Set([
  "return", "case", "goto", "throw", "using", "typedef", "else", "do", "delete", "new", "co_return", "co_yield",
  "namespace", "struct", "class", "enum", "union", "template", "typename", "public", "private", "protected", "friend",
  "operator", "asm",
]);

/**
 * Declarations with initializers, outside parentheses: after `const`/`constexpr`, or a statement `type name = value;`
 * (`int shared = 16 * (2 * 256 * 8 + 32 * 9);`), which counts as long as nothing else assigns the name. Returns the
 * indices of their `=` tokens.
 */
function readDeclarations(tokens: readonly Token[], define: (definition: ConstantDefinition) => void): Set<number> {
  const consumed = new Set<number>();
  let parens = 0;
  tokens.forEach((token, k) => {
    if (token.text === "(") parens++;
    else if (token.text === ")") parens = Math.max(0, parens - 1);
    if (parens > 0 || token.kind !== "identifier") return;
    const qualified = token.text === "const" || token.text === "constexpr";
    const statementStart = k === 0 || [";", "{", "}"].includes(tokens[k - 1]!.text);
    if (!qualified && !statementStart) return;
    // The type words and the name: `static constexpr size_t SMEM`, `unsigned int smem`.
    let j = qualified ? k + 1 : k;
    while (tokens[j]?.kind === "identifier" || tokens[j]?.text === "::") j++;
    const words = tokens.slice(k, j - 1);
    if (!qualified && (words.length === 0 || words.some((w) => NOT_DECLARATIONS.has(w.text)))) return;
    for (;;) {
      const name = tokens[j - 1];
      if (j - 1 <= k || name?.kind !== "identifier" || tokens[j - 2]?.text === "::" || consumed.has(j)) return;
      const declarator = readInitializer(tokens, j);
      if (!declarator) return;
      consumed.add(j);
      define({ name, value: declarator.value });
      // `const int A = 1, B = 2;`: the next declarator is a name and its initializer.
      if (tokens[declarator.end]?.text !== ",") return;
      j = declarator.end + 2;
    }
  });
  return consumed;
}

/** At `= expr` or `{expr}` ending in `;` or `,`: the value's tokens and where it ends. */
function readInitializer(tokens: readonly Token[], at: number): { value: Token[]; end: number } | null {
  const opener = tokens[at]?.text;
  if (opener !== "=" && opener !== "{") return null;
  let depth = 0;
  for (let i = at + 1; i < tokens.length; i++) {
    const text = tokens[i]!.text;
    if (opener === "{" && depth === 0 && text === "}") {
      const after = tokens[i + 1]?.text;
      return after === ";" || after === "," ? { value: tokens.slice(at + 1, i), end: i + 1 } : null;
    }
    if (opener === "=" && depth === 0 && (text === ";" || text === ",")) return { value: tokens.slice(at + 1, i), end: i };
    if (text === "(" || text === "[" || text === "{") depth++;
    else if (text === ")" || text === "]" || text === "}") {
      if (depth === 0) return null;
      depth--;
    }
  }
  return null;
}

/** Names assigned (`smem = ...`, `smem += ...`) outside their one definition, incremented, or passed by address. */
function poisonAssigned(tokens: readonly Token[], consumed: ReadonlySet<number>, poisoned: Set<string>): void {
  tokens.forEach((token, k) => {
    const before = tokens[k - 1];
    const after = tokens[k + 1];
    if (ASSIGNMENTS.has(token.text) && !consumed.has(k) && before?.kind === "identifier") poisoned.add(before.text);
    // `&smem` lets a call write it: `cudaDeviceGetAttribute(&smem, ...)`.
    if (token.text === "&" && after?.kind === "identifier") poisoned.add(after.text);
    if (token.text === "++" || token.text === "--") {
      if (before?.kind === "identifier") poisoned.add(before.text);
      if (after?.kind === "identifier") poisoned.add(after.text);
    }
  });
}

/** The names `template <int BM, typename T, int STAGES = 3>` declares: their values depend on each instantiation. */
function poisonTemplateParameters(tokens: readonly Token[], poisoned: Set<string>): void {
  tokens.forEach((token, k) => {
    if (token.text !== "template" || tokens[k + 1]?.text !== "<") return;
    let angles = 0;
    let parens = 0;
    let parameter: Token[] = [];
    for (let i = k + 1; i < tokens.length; i++) {
      const text = tokens[i]!.text;
      if (text === "(") parens++;
      else if (text === ")") parens--;
      if (parens === 0 && (text === "<" || text === ">" || text === ">>")) {
        angles += text === "<" ? 1 : text === ">" ? -1 : -2;
        if (angles <= 0) return poisonParameter(parameter, poisoned);
        if (angles === 1 && text === "<") continue;
      }
      if (angles === 1 && parens === 0 && text === ",") {
        poisonParameter(parameter, poisoned);
        parameter = [];
      } else {
        parameter.push(tokens[i]!);
      }
    }
  });
}

const CONTROL = new Set(["if", "for", "while", "switch", "catch", "sizeof", "return"]);

/** The parameters of function definitions and lambdas (`void run(int smem) {`): they shadow constants of the same name. */
function poisonFunctionParameters(tokens: readonly Token[], poisoned: Set<string>): void {
  const opens: number[] = [];
  tokens.forEach((token, k) => {
    if (token.text === "(") opens.push(k);
    if (token.text !== ")") return;
    const open = opens.pop();
    const before = open === undefined ? undefined : tokens[open - 1];
    const named = before?.text === "]" || (before?.kind === "identifier" && !CONTROL.has(before.text));
    if (open === undefined || !named || !isBodyAfter(tokens, k + 1)) return;
    let parameter: Token[] = [];
    let depth = 0;
    for (let i = open + 1; i < k; i++) {
      const text = tokens[i]!.text;
      if (text === "(" || text === "[" || text === "<") depth++;
      else if (text === ")" || text === "]" || text === ">") depth--;
      if (text === "," && depth === 0) {
        poisonParameter(parameter, poisoned);
        parameter = [];
      } else {
        parameter.push(tokens[i]!);
      }
    }
    poisonParameter(parameter, poisoned);
  });
}

/** A function body follows: `{`, possibly after `const`, `noexcept`, `override` or `mutable`. */
function isBodyAfter(tokens: readonly Token[], at: number): boolean {
  let i = at;
  while (["const", "noexcept", "override", "mutable", "final"].includes(tokens[i]?.text ?? "")) i++;
  return tokens[i]?.text === "{";
}

function poisonParameter(parameter: readonly Token[], poisoned: Set<string>): void {
  const equals = parameter.findIndex((t) => t.text === "=");
  const declared = (equals === -1 ? parameter : parameter.slice(0, equals)).filter((t) => t.kind === "identifier");
  const name = declared.length > 1 ? declared[declared.length - 1] : undefined;
  if (name) poisoned.add(name.text);
}
