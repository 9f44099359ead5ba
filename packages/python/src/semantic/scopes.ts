import type { SyntaxNode } from "../node.js";

/** Lambdas are "function" scopes too; `node.type` tells them apart. */
export type ScopeKind = "module" | "class" | "function" | "comprehension";

export type BindingKind =
  | "assignment"
  | "augmented-assignment"
  | "for"
  | "with"
  | "except"
  | "walrus"
  | "import"
  | "function"
  | "class"
  | "parameter";

/** One place that binds a name. */
export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  /** The identifier bound. */
  readonly node: SyntaxNode;
  /**
   * What binds it: the assignment (the outermost of a chain), for statement or for_in_clause, with_item,
   * except_clause, named_expression, import statement, the function or class definition, the parameter node.
   */
  readonly site: SyntaxNode;
  /** The statement that holds the site (a child of a block or the module); a parameter's function or lambda. */
  readonly statement: SyntaxNode;
  /** The value when the binding is a plain single-name assignment (`x = v`, `x: T = v`), a parameter's default. */
  readonly value: SyntaxNode | undefined;
  /** The name's index in a flat unpacking target (`a, b = ...` gives b 1); undefined after a `*rest`. */
  readonly position: number | undefined;
  /** The scope that owns it: a `global`/`nonlocal` declaration moves it to the module or enclosing function. */
  scope: Scope;
}

export class Scope {
  /** Own bindings, each name's in source order. */
  readonly bindings = new Map<string, Binding[]>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  readonly children: Scope[] = [];
  /** The node's offsets, kept as numbers: reading them from a native node costs a call each time. */
  readonly start: number;
  readonly end: number;

  constructor(
    readonly kind: ScopeKind,
    readonly node: SyntaxNode,
    /** Where the scope's names are looked up next: the scope its node is evaluated in. */
    readonly parent: Scope | null,
    /** The innermost scope whose node contains this one's node (differs from `parent` for a lambda in a default). */
    readonly container: Scope | null,
    /** The ranges evaluated in this scope ([start, end) offsets); defaults, decorators etc. belong to the parent. */
    private readonly ranges: readonly (readonly [number, number])[],
  ) {
    parent?.children.push(this);
    this.start = node.startIndex;
    this.end = node.endIndex;
  }

  /** True when code at this offset runs in this scope. */
  includes(offset: number): boolean {
    return this.ranges.some(([start, end]) => start <= offset && offset < end);
  }

  contains(offset: number): boolean {
    return this.start <= offset && offset < this.end;
  }

  add(binding: Binding): void {
    const list = this.bindings.get(binding.name);
    if (list) list.push(binding);
    else this.bindings.set(binding.name, [binding]);
  }
}

/**
 * The scope whose bindings `name`, read at `offset` in `scope`, refers to (Python's LEGB rule); null for a
 * builtin or unknown name. Class bodies are seen only by their own code, and a class body reading a name before
 * binding it reads the enclosing one. A function that binds a name anywhere owns it, even before the binding.
 */
export function definingScope(name: string, scope: Scope, offset?: number): Scope | null {
  for (let current: Scope | null = scope; current; current = current.parent) {
    if (current.kind === "class" && current !== scope) continue;
    if (current.globals.has(name)) return moduleOf(current).bindings.has(name) ? moduleOf(current) : null;
    if (current.nonlocals.has(name)) continue;
    const own = current.bindings.get(name);
    if (!own) continue;
    if (current.kind === "class" && offset !== undefined && own[0]!.node.startIndex > offset) continue;
    return current;
  }
  return null;
}

export function moduleOf(scope: Scope): Scope {
  let current = scope;
  while (current.parent) current = current.parent;
  return current;
}

/** The scope a walrus binds in: the nearest one that is not a comprehension. */
export function walrusScope(scope: Scope): Scope {
  let current = scope;
  while (current.kind === "comprehension" && current.parent) current = current.parent;
  return current;
}

/** Moves the bindings of names declared `global`/`nonlocal` to the scope that owns them. */
export function applyDeclarations(scopes: readonly Scope[]): void {
  for (const scope of scopes) {
    for (const name of [...scope.globals, ...scope.nonlocals]) {
      const owner = scope.globals.has(name) ? moduleOf(scope) : nonlocalOwner(name, scope);
      const moved = scope.bindings.get(name);
      if (!owner || owner === scope || !moved) continue;
      scope.bindings.delete(name);
      for (const binding of moved) {
        binding.scope = owner;
        owner.add(binding);
      }
      owner.bindings.get(name)!.sort((a, b) => a.node.startIndex - b.node.startIndex);
    }
  }
}

function nonlocalOwner(name: string, scope: Scope): Scope | null {
  for (let current = scope.parent; current && current.kind !== "module"; current = current.parent) {
    if (current.kind === "class" || current.nonlocals.has(name)) continue;
    if (current.globals.has(name)) return moduleOf(current);
    if (current.bindings.has(name)) return current;
  }
  return null;
}
