import type { Binding, Constant, SemanticModel, SyntaxNode } from "@gpu-compat/python";
import type { PythonRuleContext } from "../types.js";

/** A call of a function, with the semantic model of the file it is written in. */
export interface CallerSite {
  semantic: SemanticModel;
  call: SyntaxNode;
}

/**
 * The calls of a function: in its file, and, for a function at module level, in the project's files that import it
 * (`from src.modeling import load_base_model`). A parameter's value is decided at these calls.
 */
export function callersOf(context: PythonRuleContext, definition: SyntaxNode, { sameFileOnly = false } = {}): CallerSite[] {
  const { semantic } = context.source;
  const sites: CallerSite[] = semantic.callSitesOf(definition).map((call) => ({ semantic, call }));
  const name = definition.childForFieldName("name")?.text;
  if (!sameFileOnly && name && context.path && semantic.scopeOf(definition).kind === "module") {
    for (const module of context.project.importersOf(context.path, name)) {
      for (const call of module.calls) sites.push({ semantic: module.source.semantic, call });
    }
  }
  return sites;
}

/** The parameter binding a name read refers to, when that is all it can refer to. */
export function parameterOf(context: PythonRuleContext, identifier: SyntaxNode): Binding | undefined {
  if (identifier.type !== "identifier") return undefined;
  const bindings = context.source.semantic.resolve(identifier);
  return bindings.length === 1 && bindings[0]!.kind === "parameter" ? bindings[0] : undefined;
}

/**
 * How a parameter's value is decided at its function's calls: every call passes it ("all"), some rely on the
 * default ("some"), or there are no calls the project shows, or a splat may pass it ("unknown").
 */
export function parameterPassing(context: PythonRuleContext, parameter: Binding): { passing: "all" | "some" | "unknown"; values: (Constant | undefined)[] } {
  const definition = parameter.statement;
  if (definition.type !== "function_definition") return { passing: "unknown", values: [] };
  const values: (Constant | undefined)[] = [];
  let relies = false;
  // The file's own calls first: one that relies on the default already decides, without reading other files.
  const local = callersOf(context, definition, { sameFileOnly: true });
  const callers = local.some(({ call }) => context.source.semantic.argumentFor(call, definition, parameter.name).passed === "no") ? local : callersOf(context, definition);
  if (callers.length === 0) return { passing: "unknown", values: [] };
  for (const { semantic, call } of callers) {
    // The defining file's model tells whether the call passes `self`; the caller's reads the value.
    const passed = context.source.semantic.argumentFor(call, definition, parameter.name);
    if (passed.passed === "maybe") return { passing: "unknown", values: [] };
    if (passed.passed === "no") {
      relies = true;
      values.push(parameter.value ? context.source.semantic.constantValue(parameter.value) : undefined);
    } else values.push(passed.value ? semantic.constantValue(passed.value) : undefined);
  }
  return { passing: relies ? "some" : "all", values };
}

/** The one constant every call gives a parameter (its default where a call passes none), if they agree. */
export function parameterConstant(context: PythonRuleContext, parameter: Binding): Constant | undefined {
  const { passing, values } = parameterPassing(context, parameter);
  if (passing === "unknown" || values.some((value) => value === undefined)) return undefined;
  return values.every((value) => value === values[0]) ? values[0] : undefined;
}
