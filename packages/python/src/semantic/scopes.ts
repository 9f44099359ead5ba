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

/** How a scope learns its bindings: those of one name, found when first asked (see builder.ts), or all. */
export interface NameBindings {
  bind(name: string): void;
  bindAll(): void;
}

export class Scope {
  /** Own bindings of the names asked about so far, each name's in source order. */
  private readonly own = new Map<string, Binding[]>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  readonly children: Scope[] = [];
  /** The node's offsets, kept as numbers: reading them from a native node costs a call each time. */
  readonly start: number;
  readonly end: number;
  private rangesCache?: readonly (readonly [number, number])[];

  constructor(
    readonly kind: ScopeKind,
    readonly node: SyntaxNode,
    /** Where the scope's names are looked up next: the scope its node is evaluated in. */
    readonly parent: Scope | null,
    /** The innermost scope whose node contains this one's node (differs from `parent` for a lambda in a default). */
    readonly container: Scope | null,
    /** The ranges evaluated in this scope ([start, end) offsets); defaults, decorators etc. belong to the parent. */
    private readonly ranges: () => readonly (readonly [number, number])[],
    private readonly names: NameBindings,
  ) {
    parent?.children.push(this);
    this.start = node.startIndex;
    this.end = node.endIndex;
  }

  /** The scope's own bindings of `name`, in source order; undefined when it binds none. */
  bindingsOf(name: string): Binding[] | undefined {
    this.names.bind(name);
    return this.own.get(name);
  }

  /** Every name the scope binds with its bindings, in the order the names are first bound. */
  get bindings(): Map<string, Binding[]> {
    this.names.bindAll();
    return new Map([...this.own].sort(([, a], [, b]) => a[0]!.node.startIndex - b[0]!.node.startIndex));
  }

  /** True when code at this offset runs in this scope. */
  includes(offset: number): boolean {
    return (this.rangesCache ??= this.ranges()).some(([start, end]) => start <= offset && offset < end);
  }

  contains(offset: number): boolean {
    return this.start <= offset && offset < this.end;
  }

  add(binding: Binding): void {
    const list = this.own.get(binding.name);
    if (list) list.push(binding);
    else this.own.set(binding.name, [binding]);
  }

  /** Removes and returns the bindings of a name (a `global`/`nonlocal` declaration gives them to another scope). */
  take(name: string): Binding[] | undefined {
    const taken = this.own.get(name);
    this.own.delete(name);
    return taken;
  }

  sortBindings(name: string): void {
    this.own.get(name)?.sort((a, b) => a.node.startIndex - b.node.startIndex);
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
    if (current.globals.has(name)) return moduleOf(current).bindingsOf(name) ? moduleOf(current) : null;
    if (current.nonlocals.has(name)) continue;
    const own = current.bindingsOf(name);
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

/** The function scope a `nonlocal` name in `scope` belongs to: the nearest enclosing function that binds it. */
export function nonlocalOwner(name: string, scope: Scope): Scope | null {
  for (let current = scope.parent; current && current.kind !== "module"; current = current.parent) {
    if (current.kind === "class" || current.nonlocals.has(name)) continue;
    if (current.globals.has(name)) return moduleOf(current);
    if (current.bindingsOf(name)) return current;
  }
  return null;
}
