import { argumentsOf, calleeName, keywordArgument, keywordValue } from "../calls.js";
import { namedChildrenOf, sameNode, unparenthesize, type SyntaxNode } from "../node.js";
import type { PythonSource } from "../source.js";

/** A class decorated with `@dataclass` (`@dataclasses.dataclass(...)`, pydantic's, flax's). */
export interface DataclassInfo {
  readonly name: string;
  readonly node: SyntaxNode;
  /** Own fields, in order. */
  readonly fields: ReadonlyMap<string, DataclassField>;
  /** The names of its base classes, for inherited fields. */
  readonly bases: readonly string[];
}

export interface DataclassField {
  readonly name: string;
  readonly owner: DataclassInfo;
  /** The `name: T = ...` assignment. */
  readonly statement: SyntaxNode;
  readonly annotation: SyntaxNode;
  /** `v` of `name: T = v` or of `name: T = field(default=v)`; undefined for a required field or a factory. */
  readonly default: SyntaxNode | undefined;
  /** The `field(...)` call when there is one. */
  readonly field: SyntaxNode | undefined;
  readonly factory: boolean;
}

const FIELD_CALLS = new Set(["field", "Field"]);

/** The file's dataclasses, found from the word `dataclass` in its text. */
export function dataclassesOf(source: PythonSource): DataclassInfo[] {
  const found: DataclassInfo[] = [];
  for (const name of source.occurrences("dataclass")) {
    const decorated = decoratedBy(source, name);
    const definition = decorated?.childForFieldName("definition");
    if (definition?.type === "class_definition" && !found.some((d) => sameNode(d.node, definition))) found.push(classInfo(definition));
  }
  return found;
}

/** The decorated definition whose decorator ends in this `dataclass` identifier. */
function decoratedBy(source: PythonSource, name: SyntaxNode): SyntaxNode | null {
  if (name.type !== "identifier") return null;
  const callee = name.parent?.type === "attribute" && sameNode(name.parent.childForFieldName("attribute"), name) ? name.parent : name;
  const expression = callee.parent?.type === "call" && sameNode(callee.parent.childForFieldName("function"), callee) ? callee.parent : callee;
  const decorator = expression.parent;
  if (decorator?.type !== "decorator" || source.imports.qualifiedName(callee)?.split(".").pop() !== "dataclass") return null;
  return decorator.parent?.type === "decorated_definition" ? decorator.parent : null;
}

function classInfo(node: SyntaxNode): DataclassInfo {
  const fields = new Map<string, DataclassField>();
  const superclasses = node.childForFieldName("superclasses");
  const bases = (superclasses ? namedChildrenOf(superclasses) : []).filter((b) => b.type === "identifier").map((b) => b.text);
  const info: DataclassInfo = { name: node.childForFieldName("name")?.text ?? "", node, fields, bases };
  const body = node.childForFieldName("body");
  for (const statement of body ? namedChildrenOf(body) : []) {
    const assignment = statement.type === "expression_statement" ? statement.namedChildren[0] : null;
    const left = assignment?.type === "assignment" ? assignment.childForFieldName("left") : null;
    const annotation = assignment?.childForFieldName("type");
    if (left?.type !== "identifier" || !annotation || /\bClassVar\b/.test(annotation.text)) continue;
    const right = assignment!.childForFieldName("right");
    const value = right ? unparenthesize(right) : undefined;
    const field = value?.type === "call" && FIELD_CALLS.has(calleeName(value) ?? "") ? value : undefined;
    let fallback = value;
    if (field) {
      const keyword = keywordArgument(field, "default");
      const positional = argumentsOf(field)[0]; // pydantic's `Field(v)`
      fallback = keyword ? (keywordValue(keyword) ?? undefined) : positional?.type === "keyword_argument" ? undefined : positional;
    }
    const factory = !!field && !!keywordArgument(field, "default_factory");
    fields.set(left.text, { name: left.text, owner: info, statement: assignment!, annotation, default: fallback, field, factory });
  }
  return info;
}

/** A field of the named class, or of its bases in the file; undefined when the class is not one dataclass here. */
export function fieldOf(classes: readonly DataclassInfo[], className: string, name: string, depth = 0): DataclassField | undefined {
  const matching = classes.filter((c) => c.name === className);
  if (matching.length !== 1 || depth > 8) return undefined;
  const info = matching[0]!;
  const own = info.fields.get(name);
  if (own) return own;
  for (const base of info.bases) {
    const inherited = fieldOf(classes, base, name, depth + 1);
    if (inherited) return inherited;
  }
  return undefined;
}
