import { namedChildrenOf, sameNode, type SyntaxNode } from "../node.js";
import { parametersOf, type Parameter } from "./parameters.js";
import { moduleOf, nonlocalOwner, Scope, walrusScope, type Binding, type BindingKind, type NameBindings } from "./scopes.js";

const COMPREHENSIONS = new Set(["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"]);
const SEQUENCE_TARGETS = new Set(["pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "expression_list"]);
/** What a name inside a sequence target may be nested in and still be bound (`c, (d, e), *f = g`). */
const NESTED_TARGETS = new Set([...SEQUENCE_TARGETS, "list_splat_pattern", "list_splat", "parenthesized_expression"]);
/** The node types that open scopes or declare names global or nonlocal: the only ones visited up front. */
const SCOPE_NODES = [...COMPREHENSIONS, "function_definition", "class_definition", "lambda", "global_statement", "nonlocal_statement"];

export interface ScopeTree {
  /** Every scope, the module first, in the order their nodes start. */
  readonly scopes: Scope[];
  /** The scope each function, class, lambda and comprehension node opens, by its start offset. */
  readonly opened: Map<number, Scope>;
  /** The binding an identifier makes, if any. */
  bindingOf(identifier: SyntaxNode): Binding | undefined;
}

/**
 * Scopes from one pass over the nodes that open them (the native `descendantsOfType` finds those several times
 * faster than a walk from JavaScript); the bindings of a name only when a question first needs that name, from the
 * identifiers spelled like it (`occurrences`). Rules ask about a few names of a file: binding every assignment,
 * import and loop target up front cost more than the parse on repos full of scripts.
 */
export function buildScopes(root: SyntaxNode, occurrences: (name: string) => Iterable<SyntaxNode>): ScopeTree {
  // Scopes ask the index for a name's bindings; the index asks the scopes where each binding belongs.
  const scopes = new ScopeList(root, { bind: (name) => names.bind(name), bindAll: () => names.bindAll() });
  const names = new NameIndex(root, scopes, occurrences);
  for (const node of root.descendantsOfType(SCOPE_NODES)) {
    // The `lambda` keyword is a node of type "lambda" too, without children.
    if (node && node.childCount > 0) scopes.visit(node);
  }
  return { scopes: scopes.all, opened: scopes.opened, bindingOf: (identifier) => names.bindingOf(identifier) };
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

/** The scopes of a file, opened in document order, and the names each declares global or nonlocal. */
class ScopeList {
  readonly all: Scope[];
  readonly opened = new Map<number, Scope>();
  /** The scopes that declare each name `global` or `nonlocal`, in document order. */
  readonly declaring = new Map<string, Scope[]>();
  /** Each function's or lambda's parameters, read when a question needs them. */
  private readonly parameters = new Map<number, Parameter[]>();

  constructor(
    root: SyntaxNode,
    private readonly names: NameBindings,
  ) {
    this.all = [new Scope("module", root, null, null, () => [[root.startIndex, root.endIndex + 1]], names)];
  }

  /** The scope code at `offset` runs in. Scopes are created in document order, so those before it all exist. */
  at(offset: number): Scope {
    return scopeAt(this.all, offset);
  }

  parametersOf(definition: SyntaxNode): Parameter[] {
    let found = this.parameters.get(definition.startIndex);
    if (!found) this.parameters.set(definition.startIndex, (found = parametersOf(definition)));
    return found;
  }

  visit(node: SyntaxNode): void {
    switch (node.type) {
      case "function_definition":
      case "lambda": {
        const list = node.childForFieldName("parameters");
        const body = node.childForFieldName("body");
        // Defaults and annotations run where the function is defined; only the names and the body run in it.
        const ranges = (): [number, number][] => {
          const found: [number, number][] = this.parametersOf(node).map((p) => [p.identifier.startIndex, p.identifier.endIndex]);
          if (body) found.push([body.startIndex, body.endIndex]);
          return found;
        };
        // Without parameters nothing but the body runs in the function: no need to read them.
        const bodyOnly = (): [number, number][] => (body ? [[body.startIndex, body.endIndex]] : []);
        return void this.open("function", node, list ? ranges : bodyOnly);
      }
      case "class_definition": {
        const body = node.childForFieldName("body");
        return void this.open("class", node, () => (body ? [[body.startIndex, body.endIndex]] : []));
      }
      case "global_statement":
      case "nonlocal_statement": {
        const scope = this.at(node.startIndex);
        const declared = scope[node.type === "global_statement" ? "globals" : "nonlocals"];
        for (const name of namedChildrenOf(node)) {
          if (name.type !== "identifier") continue;
          declared.add(name.text);
          const list = this.declaring.get(name.text);
          if (!list) this.declaring.set(name.text, [scope]);
          else if (list.at(-1) !== scope) list.push(scope);
        }
        return;
      }
      default:
        if (COMPREHENSIONS.has(node.type)) this.openComprehension(node);
    }
  }

  private openComprehension(node: SyntaxNode): void {
    // The first iterable runs in the enclosing scope; the rest, from the element on, in the comprehension's.
    const first = namedChildrenOf(node).find((child) => child.type === "for_in_clause")?.childForFieldName("right");
    const start = node.namedChildren[0]?.startIndex ?? node.startIndex;
    const ranges: [number, number][] = first ? [[start, first.startIndex], [first.endIndex, node.endIndex]] : [[start, node.endIndex]];
    this.open("comprehension", node, () => ranges);
  }

  private open(kind: Scope["kind"], node: SyntaxNode, ranges: () => [number, number][]): Scope {
    const container = innermost(this.all, node.startIndex);
    const scope = new Scope(kind, node, this.at(node.startIndex), container, ranges, this.names);
    this.all.push(scope);
    this.opened.set(node.startIndex, scope);
    return scope;
  }
}

/** What one identifier binds, read from where it stands in the tree. */
interface BindingSite {
  kind: BindingKind;
  site: SyntaxNode;
  value?: SyntaxNode | undefined;
  position?: number | undefined;
  /** Set where the scope is not the one the identifier's code runs in: a parameter's function, a walrus's. */
  scope?: Scope;
  statement?: SyntaxNode;
}

/** The bindings of each name, found on the first question about it. */
class NameIndex implements NameBindings {
  private readonly bound = new Set<string>();
  private readonly bindingAt = new Map<number, Binding>();

  constructor(
    private readonly root: SyntaxNode,
    private readonly scopes: ScopeList,
    private readonly occurrences: (name: string) => Iterable<SyntaxNode>,
  ) {}

  /** Every name's bindings: for a question about all of a scope's names, not a rule's about one. */
  bindAll(): void {
    for (const identifier of this.root.descendantsOfType("identifier")) if (identifier) this.bind(identifier.text);
  }

  bindingOf(identifier: SyntaxNode): Binding | undefined {
    this.bind(identifier.text);
    return this.bindingAt.get(identifier.startIndex);
  }

  /** Finds every binding of `name` in the file and gives each to the scope that owns it. */
  bind(name: string): void {
    if (this.bound.has(name)) return;
    this.bound.add(name);
    for (const node of this.occurrences(name)) {
      if (node.type !== "identifier") continue;
      const found = this.siteOf(node);
      if (!found) continue;
      const scope = found.scope ?? this.scopes.at(node.startIndex);
      const binding = new BindingRecord(name, found.kind, node, found.site, found.value, found.position, scope, found.statement);
      scope.add(binding);
      this.bindingAt.set(node.startIndex, binding);
    }
    this.applyDeclarations(name);
  }

  /** Moves the bindings of a name declared `global`/`nonlocal` to the scope that owns them. */
  private applyDeclarations(name: string): void {
    for (const scope of this.scopes.declaring.get(name) ?? []) {
      const owner = scope.globals.has(name) ? moduleOf(scope) : nonlocalOwner(name, scope);
      if (!owner || owner === scope) continue;
      const moved = scope.take(name);
      if (!moved) continue;
      for (const binding of moved) {
        binding.scope = owner;
        owner.add(binding);
      }
      owner.sortBindings(name);
    }
  }

  /** Whether and how an identifier binds its name: as an assignment's target, a parameter, an import... */
  private siteOf(identifier: SyntaxNode): BindingSite | undefined {
    const parent = identifier.parent;
    if (!parent) return undefined;
    switch (parent.type) {
      case "function_definition":
      case "class_definition":
        return isField(parent, "name", identifier) ? { kind: parent.type === "class_definition" ? "class" : "function", site: parent } : undefined;
      case "named_expression":
        if (!isField(parent, "name", identifier)) return undefined;
        return { kind: "walrus", site: parent, value: parent.childForFieldName("value") ?? undefined, scope: walrusScope(this.scopes.at(identifier.startIndex)) };
      case "augmented_assignment":
        return isField(parent, "left", identifier) ? { kind: "augmented-assignment", site: parent } : undefined;
      case "aliased_import":
        return isField(parent, "alias", identifier) ? importSite(parent.parent) : undefined;
      case "dotted_name": {
        // `import a.b` binds `a`, `from m import x` binds `x`: the first name of a dotted name imported, not the module's.
        const statement = parent.parent;
        if (!statement || !sameNode(parent.namedChildren[0], identifier)) return undefined;
        return isField(statement, "module_name", parent) ? undefined : importSite(statement);
      }
    }
    return this.parameterSite(identifier) ?? targetSite(identifier);
  }

  /** A parameter's name binds it in the function's own scope, with its default as the value. */
  private parameterSite(identifier: SyntaxNode): BindingSite | undefined {
    let list: SyntaxNode | null = identifier.parent;
    // A parameter's name is at most three levels down: `*args: T = d` is typed_default_parameter > list_splat_pattern.
    for (let depth = 0; list && depth < 3 && list.type !== "parameters" && list.type !== "lambda_parameters"; depth++) list = list.parent;
    const definition = list?.type === "parameters" || list?.type === "lambda_parameters" ? list.parent : null;
    if (!definition) return undefined;
    const parameter = this.scopes.parametersOf(definition).find((p) => p.identifier.startIndex === identifier.startIndex);
    if (!parameter) return undefined;
    const scope = this.scopes.opened.get(definition.startIndex);
    if (!scope) return undefined;
    return { kind: "parameter", site: parameter.node, value: parameter.default, scope, statement: definition };
  }
}

/** An import statement binds the name; anything else holding an aliased or dotted name (`print(a.b)` cannot) does not. */
function importSite(statement: SyntaxNode | null): BindingSite | undefined {
  return statement && (statement.type === "import_statement" || statement.type === "import_from_statement") ? { kind: "import", site: statement } : undefined;
}

/**
 * A name in an assignment's left side, a loop's target or a `with ... as`/`except ... as` target, alone or inside a
 * sequence target: bound there. Its index in a flat sequence (`a, b = ...` gives b 1) is its position, none after a
 * `*rest` or in a nested target; a plain single-name assignment's value is the right side (of a chain, the last).
 */
function targetSite(identifier: SyntaxNode): BindingSite | undefined {
  let target = identifier;
  let depth = 0;
  while (target.parent && NESTED_TARGETS.has(target.parent.type)) {
    target = target.parent;
    depth++;
  }
  // A target nested in a sequence binds; a parenthesized or starred whole target does not.
  if (depth > 0 && !SEQUENCE_TARGETS.has(target.type)) return undefined;
  const holder = target.parent;
  if (!holder) return undefined;
  const position = depth === 1 ? positionIn(target, identifier) : undefined;
  switch (holder.type) {
    case "assignment": {
      if (!isField(holder, "left", target)) return undefined;
      // `a = b = v` nests `b = v` as the right side of `a = ...`: the outermost binds the whole chain, both names to v.
      let site = holder;
      while (site.parent?.type === "assignment" && isField(site.parent, "right", site)) site = site.parent;
      let value: SyntaxNode | null = site;
      while (value?.type === "assignment") value = value.childForFieldName("right");
      return { kind: "assignment", site, value: depth === 0 ? (value ?? undefined) : undefined, position };
    }
    case "for_statement":
    case "for_in_clause":
      return isField(holder, "left", target) ? { kind: "for", site: holder, position } : undefined;
    case "as_pattern_target": {
      // `with open(p) as fh`, `except E as err`: the alias of the item's as_pattern, whose first child is the target.
      const pattern = holder.parent;
      const item = pattern?.parent;
      if (!pattern || pattern.type !== "as_pattern" || !item || !sameNode(holder.namedChildren[0], target)) return undefined;
      if (!isField(pattern, "alias", holder) || !isField(item, "value", pattern)) return undefined;
      if (item.type !== "with_item" && item.type !== "except_clause") return undefined;
      return { kind: item.type === "with_item" ? "with" : "except", site: item, position };
    }
  }
  return undefined;
}

/** A direct element's index in a flat sequence target; undefined at or after a starred element. */
function positionIn(sequence: SyntaxNode, element: SyntaxNode): number | undefined {
  let position = 0;
  for (const child of namedChildrenOf(sequence)) {
    if (child.type === "list_splat_pattern" || child.type === "list_splat") return undefined;
    if (child.startIndex === element.startIndex) return position;
    position++;
  }
  return undefined;
}

function isField(node: SyntaxNode, field: string, child: SyntaxNode): boolean {
  return sameNode(node.childForFieldName(field), child);
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
