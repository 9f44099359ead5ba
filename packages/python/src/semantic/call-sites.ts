import { argumentsOf, callNamedAt, keywordValue } from "../calls.js";
import { namedChildrenOf, type SyntaxNode } from "../node.js";
import type { SemanticModel } from "./index.js";
import { parametersOf } from "./parameters.js";

/** Whether a call passes a parameter: "maybe" when a `*args`/`**kwargs` splat may. */
export interface PassedArgument {
  readonly passed: "yes" | "no" | "maybe";
  /** The argument as written (`x`, `name=x`), or the splat that may pass it. */
  readonly argument?: SyntaxNode;
  /** The value passed, when it is passed. */
  readonly value?: SyntaxNode;
}

/**
 * The calls in the file of a function definition: by a name that resolves to it, `self.method(...)` and
 * `cls.method(...)` in its class for a method, `ClassName(...)` for `__init__`. In source order.
 */
export function callSitesOf(model: SemanticModel, definition: SyntaxNode): SyntaxNode[] {
  const name = definition.childForFieldName("name");
  const binding = name && model.bindingOf(name);
  if (!name || !binding) return [];
  const owner = classOf(model, definition);
  const calls = new Map<number, SyntaxNode>();
  const callsThrough = (word: string, target: typeof binding, self: boolean) => {
    for (const occurrence of model.source.occurrences(word)) {
      const found = callNamedAt(occurrence);
      if (!found) continue;
      const byName = found.callee.type === "identifier" && model.resolve(occurrence).includes(target);
      if (byName || (self && owner && isSelfCall(model, found.callee, owner))) calls.set(found.call.startIndex, found.call);
    }
  };
  callsThrough(name.text, binding, true);
  const className = owner?.childForFieldName("name");
  const classBinding = className && model.bindingOf(className);
  if (name.text === "__init__" && className && classBinding) callsThrough(className.text, classBinding, false);
  return [...calls.values()].sort((a, b) => a.startIndex - b.startIndex);
}

/** Whether (and where) a call of this definition passes the named parameter, keyword or positional. */
export function argumentFor(model: SemanticModel, call: SyntaxNode, definition: SyntaxNode, parameterName: string): PassedArgument {
  const parameters = parametersOf(definition);
  const index = parameters.findIndex((p) => p.name === parameterName);
  const parameter = parameters[index];
  if (!parameter) return { passed: "no" };
  const args = argumentsOf(call);
  const keywords = args.filter((a) => a.type === "keyword_argument");
  const doubleSplat = args.find((a) => a.type === "dictionary_splat");
  if (parameter.kind === "positional" || parameter.kind === "keyword-only") {
    const keyword = keywords.find((k) => k.childForFieldName("name")?.text === parameterName);
    if (keyword) return { passed: "yes", argument: keyword, value: keywordValue(keyword) ?? keyword };
  }
  if (parameter.kind === "var-keyword") {
    const named = new Set(parameters.map((p) => p.name));
    const extra = keywords.find((k) => !named.has(k.childForFieldName("name")?.text ?? ""));
    if (extra) return { passed: "yes", argument: extra, value: extra };
  }
  // `self` is passed by the call through the instance (or the class, for __init__).
  const implicit = passesSelf(model, call, definition) ? 1 : 0;
  const positionals = parameters.filter((p) => p.kind === "positional-only" || p.kind === "positional").length - implicit;
  const slot = parameter.kind === "var-positional" ? positionals : parameter.kind === "keyword-only" || parameter.kind === "var-keyword" ? -1 : index - implicit;
  let at = 0;
  for (const argument of args) {
    if (argument.type === "keyword_argument" || argument.type === "dictionary_splat") continue;
    if (slot >= 0 && argument.type === "list_splat") return { passed: "maybe", argument };
    if (slot >= 0 && at >= slot) return { passed: "yes", argument, value: argument };
    at++;
  }
  if (doubleSplat && parameter.kind !== "positional-only" && parameter.kind !== "var-positional") return { passed: "maybe", argument: doubleSplat };
  return { passed: "no" };
}

/** The class whose body defines this function directly: it is a method. */
function classOf(model: SemanticModel, definition: SyntaxNode): SyntaxNode | null {
  const scope = model.scopeOf(definition);
  return scope.kind === "class" ? scope.node : null;
}

/** `self.method` / `cls.method` in code of the class (a method, or a function in one), not of a nested class. */
function isSelfCall(model: SemanticModel, callee: SyntaxNode, owner: SyntaxNode): boolean {
  const object = callee.childForFieldName("object");
  if (object?.type !== "identifier" || (object.text !== "self" && object.text !== "cls")) return false;
  for (let scope = model.scopeOf(callee).container; scope; scope = scope.container) {
    if (scope.kind === "class") return scope.node.startIndex === owner.startIndex;
  }
  return false;
}

/** A method called through an instance, the class, `self` or `cls`, rather than as a plain function. */
function passesSelf(model: SemanticModel, call: SyntaxNode, definition: SyntaxNode): boolean {
  if (!classOf(model, definition) || isStatic(definition)) return false;
  const fn = call.childForFieldName("function");
  const name = definition.childForFieldName("name");
  const itself = name && model.bindingOf(name);
  return !(fn?.type === "identifier" && itself && model.resolve(fn).includes(itself));
}

function isStatic(definition: SyntaxNode): boolean {
  const decorated = definition.parent?.type === "decorated_definition" ? definition.parent : null;
  return !!decorated && namedChildrenOf(decorated).some((d) => d.type === "decorator" && d.namedChildren[0]?.text === "staticmethod");
}
