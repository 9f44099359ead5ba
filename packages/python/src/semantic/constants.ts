import { argumentsOf, keywordArgument, keywordValue } from "../calls.js";
import { namedChildrenOf, unparenthesize, type SyntaxNode } from "../node.js";
import { stringValue } from "../strings.js";
import type { SemanticModel } from "./index.js";
import type { Binding } from "./scopes.js";
import { settingValue } from "./settings.js";

/** A value known before the program runs: `None` is null. */
export type Constant = string | number | boolean | null;

/** How many names (or settings) a value is followed through. */
const MAX_DEPTH = 10;
const ENVIRONMENT_GETTERS = new Set(["os.environ.get", "os.getenv"]);

/** The value of a literal: strings (also implicitly concatenated), numbers, `-1`, True/False/None. */
export function literalValue(node: SyntaxNode): Constant | undefined {
  switch (node.type) {
    case "string":
      return stringValue(node) ?? undefined;
    case "concatenated_string": {
      const parts = namedChildrenOf(node).map((part) => stringValue(part));
      return parts.every((part) => part !== null) ? parts.join("") : undefined;
    }
    case "integer":
    case "float": {
      const value = Number(node.text.replace(/_/g, "")); // 1_000, 0x10, 1e-4; `1j` and `10L` are not numbers
      return Number.isNaN(value) ? undefined : value;
    }
    case "true":
      return true;
    case "false":
      return false;
    case "none":
      return null;
    case "unary_operator": {
      const operator = node.childForFieldName("operator")?.text;
      const argument = node.childForFieldName("argument");
      const value = argument ? literalValue(unparenthesize(argument)) : undefined;
      if (typeof value !== "number" || (operator !== "-" && operator !== "+")) return undefined;
      return operator === "-" ? -value : value;
    }
    default:
      return undefined;
  }
}

/** What `constantValue` computes, with the depth of names followed so far. */
export function evaluate(model: SemanticModel, node: SyntaxNode, depth: number): Constant | undefined {
  const value = unparenthesize(node);
  const literal = literalValue(value);
  if (literal !== undefined || depth > MAX_DEPTH) return literal;
  if (value.type === "identifier") return sameConstant(model.resolve(value).filter(binds).map((b) => bindingValue(model, b, depth + 1)));
  if (value.type === "attribute") return settingValue(model, value, depth + 1);
  if (value.type === "call") return environmentDefault(model, value, depth + 1);
  return undefined;
}

/** The one value all of these are, or undefined when one is unknown or two differ. */
export function sameConstant(values: readonly (Constant | undefined)[]): Constant | undefined {
  const first = values[0];
  return values.every((value) => value === first) ? first : undefined;
}

/** A bare annotation (`x: int`) binds nothing at run time. */
function binds(binding: Binding): boolean {
  return !(binding.site.type === "assignment" && binding.site.childForFieldName("type") && !binding.site.childForFieldName("right"));
}

function bindingValue(model: SemanticModel, binding: Binding, depth: number): Constant | undefined {
  return binding.kind === "assignment" && binding.value ? evaluate(model, binding.value, depth) : undefined;
}

/** `os.environ.get("X", "d")`, `os.getenv("X", "d")`, through any import spelling: "d". */
function environmentDefault(model: SemanticModel, call: SyntaxNode, depth: number): Constant | undefined {
  const fn = call.childForFieldName("function");
  if (!fn || !ENVIRONMENT_GETTERS.has(model.source.imports.qualifiedName(fn) ?? "")) return undefined;
  const args = argumentsOf(call);
  if (args.some((a) => a.type === "list_splat" || a.type === "dictionary_splat")) return undefined;
  const keyword = keywordArgument(call, "default");
  const fallback = keyword ? keywordValue(keyword) : args.filter((a) => a.type !== "keyword_argument")[1];
  return fallback ? evaluate(model, fallback, depth) : undefined;
}

const COLLECTIONS = new Set(["list", "tuple", "set"]);

/**
 * The string items of the list, tuple or set literal an expression is known to be: the literal itself, a name
 * bound once to one (`BF16_NAMES = ["bf16", "bfloat16"]`), or a class attribute read through its class
 * (`DtypeRegistry.BFLOAT_LIST`, assigned once in the class body). Items that are not strings are left out.
 */
export function stringItems(model: SemanticModel, node: SyntaxNode, depth = 0): string[] | undefined {
  const value = unparenthesize(node);
  if (COLLECTIONS.has(value.type)) {
    return namedChildrenOf(value).flatMap((item) => {
      const text = literalValue(item);
      return typeof text === "string" ? [text] : [];
    });
  }
  if (depth > MAX_DEPTH) return undefined;
  const bound = (bindings: readonly Binding[] | undefined) => {
    const only = bindings?.length === 1 ? bindings[0]! : undefined;
    return only?.kind === "assignment" && only.value ? stringItems(model, only.value, depth + 1) : undefined;
  };
  if (value.type === "identifier") return bound(model.resolve(value));
  if (value.type !== "attribute") return undefined;
  const owner = value.childForFieldName("object");
  const attribute = value.childForFieldName("attribute")?.text;
  if (owner?.type !== "identifier" || !attribute) return undefined;
  const classes = model.resolve(owner);
  const definition = classes.length === 1 && classes[0]!.kind === "class" ? classes[0]!.site : undefined;
  return definition ? bound(model.scopeOpenedBy(definition)?.bindingsOf(attribute)) : undefined;
}
