import { namedChildrenOf, type SyntaxNode } from "../node.js";
import { parametersOf } from "./parameters.js";
import { applyDeclarations, Scope, walrusScope, type Binding, type BindingKind } from "./scopes.js";

const COMPREHENSIONS = new Set(["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"]);
const SEQUENCE_TARGETS = new Set(["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "expression_list"]);
/** The node types that open scopes or bind names. */
const VISITED = [
  ...COMPREHENSIONS,
  "function_definition",
  "class_definition",
  "lambda",
  "assignment",
  "augmented_assignment",
  "for_statement",
  "for_in_clause",
  "with_item",
  "except_clause",
  "named_expression",
  "import_statement",
  "import_from_statement",
  "global_statement",
  "nonlocal_statement",
];

export interface ScopeTree {
  /** Every scope, the module first, in the order their nodes start. */
  readonly scopes: Scope[];
  /** The binding each bound identifier makes, by its start offset. */
  readonly bindingAt: Map<number, Binding>;
  /** The scope each function, class, lambda and comprehension node opens, by its start offset. */
  readonly opened: Map<number, Scope>;
}

/**
 * Scopes and bindings from one pass over the nodes that open scopes or bind names, in document order. The
 * bindings' native `descendantsOfType` finds them several times faster than walking the tree from JavaScript.
 */
export function buildScopes(root: SyntaxNode): ScopeTree {
  const builder = new Builder(root);
  for (const node of root.descendantsOfType(VISITED)) {
    // The `lambda` keyword is a node of type "lambda" too, without children.
    if (node && node.childCount > 0) builder.visit(node);
  }
  return builder.finish();
}

/** A binding whose statement is looked up when first asked: most are never asked. */
class BindingRecord implements Binding {
  private statementCache: SyntaxNode | undefined;

  constructor(
    readonly name: string,
    readonly kind: BindingKind,
    readonly node: SyntaxNode,
    readonly site: SyntaxNode,
    readonly value: SyntaxNode | undefined,
    readonly position: number | undefined,
    public scope: Scope,
    statement?: SyntaxNode,
  ) {
    this.statementCache = statement;
  }

  get statement(): SyntaxNode {
    return (this.statementCache ??= statementOf(this.site));
  }
}

class Builder {
  private readonly scopes: Scope[];
  private readonly bindingAt = new Map<number, Binding>();
  private readonly opened = new Map<number, Scope>();
  /** Inner assignments of chains, bound with the outermost. */
  private readonly chained = new Set<number>();

  constructor(root: SyntaxNode) {
    this.scopes = [new Scope("module", root, null, null, [[root.startIndex, root.endIndex + 1]])];
  }

  finish(): ScopeTree {
    applyDeclarations(this.scopes);
    return { scopes: this.scopes, bindingAt: this.bindingAt, opened: this.opened };
  }

  /** The scope code at `offset` runs in. Scopes are created in document order, so those before it all exist. */
  scopeAt(offset: number): Scope {
    return scopeAt(this.scopes, offset);
  }

  visit(node: SyntaxNode): void {
    switch (node.type) {
      case "function_definition":
      case "lambda":
        return this.openFunction(node);
      case "class_definition": {
        const name = node.childForFieldName("name");
        if (name) this.bind(name, "class", node, undefined);
        const body = node.childForFieldName("body");
        return void this.open("class", node, body ? [[body.startIndex, body.endIndex]] : []);
      }
      case "for_in_clause":
      case "for_statement":
        return this.bindTargets(node.childForFieldName("left"), "for", node, undefined);
      case "assignment":
        return this.visitAssignment(node);
      case "augmented_assignment": {
        const left = node.childForFieldName("left");
        if (left?.type === "identifier") this.bind(left, "augmented-assignment", node, undefined);
        return;
      }
      case "with_item":
      case "except_clause": {
        const pattern = node.childForFieldName("value");
        const target = pattern?.type === "as_pattern" ? pattern.childForFieldName("alias")?.namedChildren[0] : null;
        if (target) this.bindTargets(target, node.type === "with_item" ? "with" : "except", node, undefined);
        return;
      }
      case "named_expression": {
        const name = node.childForFieldName("name");
        if (name) this.bind(name, "walrus", node, node.childForFieldName("value") ?? undefined, walrusScope(this.scopeAt(name.startIndex)));
        return;
      }
      case "import_statement":
      case "import_from_statement":
        return this.visitImport(node);
      case "global_statement":
      case "nonlocal_statement": {
        const declared = this.scopeAt(node.startIndex)[node.type === "global_statement" ? "globals" : "nonlocals"];
        for (const name of namedChildrenOf(node)) if (name.type === "identifier") declared.add(name.text);
        return;
      }
      default:
        if (COMPREHENSIONS.has(node.type)) this.openComprehension(node);
    }
  }

  private openFunction(node: SyntaxNode): void {
    const name = node.type === "function_definition" ? node.childForFieldName("name") : null;
    if (name) this.bind(name, "function", node, undefined);
    const parameters = parametersOf(node);
    const body = node.childForFieldName("body");
    // Defaults and annotations run where the function is defined; only the names and the body run in it.
    const ranges: [number, number][] = parameters.map((p) => [p.identifier.startIndex, p.identifier.endIndex]);
    if (body) ranges.push([body.startIndex, body.endIndex]);
    const scope = this.open("function", node, ranges);
    for (const parameter of parameters) this.bind(parameter.identifier, "parameter", parameter.node, parameter.default, scope, node);
  }

  private openComprehension(node: SyntaxNode): void {
    // The first iterable runs in the enclosing scope; the rest, from the element on, in the comprehension's.
    const first = namedChildrenOf(node).find((child) => child.type === "for_in_clause")?.childForFieldName("right");
    const start = node.namedChildren[0]?.startIndex ?? node.startIndex;
    const ranges: [number, number][] = first ? [[start, first.startIndex], [first.endIndex, node.endIndex]] : [[start, node.endIndex]];
    this.open("comprehension", node, ranges);
  }

  private open(kind: Scope["kind"], node: SyntaxNode, ranges: [number, number][]): Scope {
    const container = innermost(this.scopes, node.startIndex);
    const scope = new Scope(kind, node, this.scopeAt(node.startIndex), container, ranges);
    this.scopes.push(scope);
    this.opened.set(node.startIndex, scope);
    return scope;
  }

  private visitAssignment(node: SyntaxNode): void {
    // `a = b = v` nests `b = v` as the right side of `a = ...`: the outermost binds the whole chain, both names to v.
    if (this.chained.has(node.startIndex)) return;
    const lefts: SyntaxNode[] = [];
    let value: SyntaxNode | null = node;
    while (value?.type === "assignment") {
      const left = value.childForFieldName("left");
      if (left) lefts.push(left);
      if (value !== node) this.chained.add(value.startIndex);
      value = value.childForFieldName("right");
    }
    for (const left of lefts) this.bindTargets(left, "assignment", node, left.type === "identifier" ? (value ?? undefined) : undefined);
  }

  private visitImport(node: SyntaxNode): void {
    const module = node.childForFieldName("module_name");
    for (const child of namedChildrenOf(node)) {
      if (module && child.startIndex === module.startIndex) continue;
      // `import a.b` binds `a`; `import a as b` and `from m import x as b` bind `b`.
      const name = child.type === "aliased_import" ? child.childForFieldName("alias") : child.type === "dotted_name" ? child.namedChildren[0] : null;
      if (name?.type === "identifier") this.bind(name, "import", node, undefined);
    }
  }

  private bindTargets(target: SyntaxNode | null, kind: BindingKind, site: SyntaxNode, value: SyntaxNode | undefined): void {
    if (!target) return;
    if (target.type === "identifier") return this.bind(target, kind, site, value);
    if (!SEQUENCE_TARGETS.has(target.type)) return;
    let position: number | undefined = 0;
    for (const element of namedChildrenOf(target)) {
      if (element.type === "list_splat_pattern" || element.type === "list_splat") position = undefined;
      if (element.type === "identifier") this.bind(element, kind, site, undefined, undefined, undefined, position);
      else this.nestedTargets(element, kind, site);
      if (position !== undefined) position++;
    }
  }

  /** Names inside a nested or starred target: bound, without a position. */
  private nestedTargets(target: SyntaxNode, kind: BindingKind, site: SyntaxNode): void {
    if (target.type === "identifier") return this.bind(target, kind, site, undefined);
    const inner = target.type === "list_splat_pattern" || target.type === "list_splat" || target.type === "parenthesized_expression";
    if (inner || SEQUENCE_TARGETS.has(target.type)) for (const element of namedChildrenOf(target)) this.nestedTargets(element, kind, site);
  }

  private bind(
    node: SyntaxNode,
    kind: BindingKind,
    site: SyntaxNode,
    value: SyntaxNode | undefined,
    scope = this.scopeAt(node.startIndex),
    statement?: SyntaxNode,
    position?: number,
  ): void {
    const binding = new BindingRecord(node.text, kind, node, site, value, position, scope, statement);
    scope.add(binding);
    this.bindingAt.set(node.startIndex, binding);
  }
}

/** The innermost scope whose node contains the offset. */
function innermost(scopes: readonly Scope[], offset: number): Scope {
  // The last scope starting at or before the offset, then out to the first that contains it.
  let low = 0;
  let high = scopes.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (scopes[middle]!.start <= offset) low = middle;
    else high = middle - 1;
  }
  let scope: Scope = scopes[low]!;
  while (scope.container && !scope.contains(offset)) scope = scope.container;
  return scope;
}

export function scopeAt(scopes: readonly Scope[], offset: number): Scope {
  let scope = innermost(scopes, offset);
  while (scope.container && !scope.includes(offset)) scope = scope.container;
  return scope;
}

/** The statement holding a node: the ancestor that is a child of a block or of the module. */
export function statementOf(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type !== "block" && current.parent.type !== "module") current = current.parent;
  return current;
}
