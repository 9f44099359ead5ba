import { sameNode, type SyntaxNode } from "../node.js";
import type { PythonSource } from "../source.js";
import { argparseOptionsOf, type ArgparseOption } from "./arguments.js";
import { buildScopes, scopeAt, type ScopeTree } from "./builder.js";
import { argumentFor, callSitesOf, type PassedArgument } from "./call-sites.js";
import { evaluate, stringItems, type Constant } from "./constants.js";
import { dataclassesOf, fieldOf, type DataclassField, type DataclassInfo } from "./dataclasses.js";
import { definingScope, type Binding, type Scope } from "./scopes.js";

export type { ArgparseOption } from "./arguments.js";
export type { PassedArgument } from "./call-sites.js";
export { literalValue, type Constant } from "./constants.js";
export type { DataclassField, DataclassInfo } from "./dataclasses.js";
export { parametersOf, type Parameter, type ParameterKind } from "./parameters.js";
export type { Binding, BindingKind, Scope, ScopeKind } from "./scopes.js";

/** Parents of an identifier that make it something other than a read of its name. */
const NOT_READ = new Set(["dotted_name", "aliased_import", "global_statement", "nonlocal_statement", "keyword_pattern"]);

/**
 * Scopes, bindings, name resolution and constant values of one Python file (a notebook's code cells are one
 * module), shared by all rules: `PythonSource.semantic` builds it on first use: the scopes with one walk of the
 * nodes that open them, each name's bindings when a question first needs that name; the settings sources
 * (argparse options, dataclasses) are found from the text when first asked.
 */
export class SemanticModel {
  private treeCache?: ScopeTree;
  private optionsCache?: ArgparseOption[];
  private dataclassesCache?: DataclassInfo[];

  constructor(readonly source: PythonSource) {}

  /** Built on the first question that needs scopes: a literal's constant value or an argparse lookup does not. */
  private get tree(): ScopeTree {
    return (this.treeCache ??= buildScopes(this.source.root, (name) => this.source.occurrences(name)));
  }

  get module(): Scope {
    return this.tree.scopes[0]!;
  }

  /** Every scope, in the order their nodes start. */
  get scopes(): readonly Scope[] {
    return this.tree.scopes;
  }

  /**
   * The innermost scope a node runs in. A function's decorators, defaults and annotations run in the scope around
   * it, as does a comprehension's first iterable; a definition itself is in the scope around it.
   */
  scopeOf(node: SyntaxNode): Scope {
    return scopeAt(this.tree.scopes, node.startIndex);
  }

  /** The scope a function, lambda, class or comprehension node opens. */
  scopeOpenedBy(node: SyntaxNode): Scope | undefined {
    const scope = this.tree.opened.get(node.startIndex);
    return scope && sameNode(scope.node, node) ? scope : undefined;
  }

  /** The binding an identifier makes (`x` of `x = 1`, a parameter, a def's name); undefined for reads. */
  bindingOf(identifier: SyntaxNode): Binding | undefined {
    const binding = this.tree.bindingOf(identifier);
    return binding && sameNode(binding.node, identifier) ? binding : undefined;
  }

  /** Every binding an identifier may refer to, in source order; [] for builtins and unknown names. */
  resolve(identifier: SyntaxNode): Binding[] {
    if (identifier.type !== "identifier") return [];
    const own = this.bindingOf(identifier);
    const scope = own ? own.scope : definingScope(identifier.text, this.scopeOf(identifier), identifier.startIndex);
    return scope?.bindingsOf(identifier.text) ?? [];
  }

  /** The bindings a read of `name` in `scope` refers to, by Python's rules (local, enclosing, module). */
  bindingsOf(name: string, scope: Scope): Binding[] {
    return definingScope(name, scope)?.bindingsOf(name) ?? [];
  }

  /**
   * The identifiers that read a binding's name and refer to its scope's bindings (in that scope and the nested
   * ones that see it); with a name and a scope, the reads of that name from there. In source order.
   */
  referencesOf(binding: Binding): SyntaxNode[];
  referencesOf(name: string, scope: Scope): SyntaxNode[];
  referencesOf(target: Binding | string, from?: Scope): SyntaxNode[] {
    const name = typeof target === "string" ? target : target.name;
    const owner = typeof target === "string" ? definingScope(name, from!) : target.scope;
    const found: SyntaxNode[] = [];
    for (const node of this.source.occurrences(name)) {
      if (node.type !== "identifier" || !this.isRead(node)) continue;
      const scope = this.scopeOf(node);
      if (definingScope(name, scope, node.startIndex) !== owner) continue;
      if (!owner && !encloses(from!, scope)) continue; // An unbound name: only the reads under the scope asked about.
      found.push(node);
    }
    return found;
  }

  /**
   * The value an expression is known to have without running the program (undefined when unknown): literals, names
   * whose every binding assigns the same constant, settings (`args.x` of an argparse option's default,
   * `model_args.x` of a dataclass field's default) and `os.environ.get("X", "default")`.
   */
  constantValue(node: SyntaxNode): Constant | undefined {
    return evaluate(this, node, 0);
  }

  stringConstant(node: SyntaxNode): string | undefined {
    const value = this.constantValue(node);
    return typeof value === "string" ? value : undefined;
  }

  /** The string items of the list, tuple or set an expression is known to be (a literal, a name or class attribute bound to one). */
  stringItems(node: SyntaxNode): string[] | undefined {
    return stringItems(this, node);
  }

  argparseOptions(): readonly ArgparseOption[] {
    return (this.optionsCache ??= argparseOptionsOf(this.source));
  }

  /** The `add_argument` call that defines `dest`, when exactly one in the file does. */
  argumentOption(dest: string): ArgparseOption | undefined {
    const matching = this.argparseOptions().filter((option) => option.dest === dest);
    return matching.length === 1 ? matching[0] : undefined;
  }

  dataclasses(): readonly DataclassInfo[] {
    return (this.dataclassesCache ??= dataclassesOf(this.source));
  }

  /** A field of the named dataclass (or its bases); without a class, the one dataclass of the file that defines it. */
  dataclassField(name: string, className?: string): DataclassField | undefined {
    if (className !== undefined) return fieldOf(this.dataclasses(), className, name);
    const owners = this.dataclasses().filter((info) => info.fields.has(name));
    return owners.length === 1 ? owners[0]!.fields.get(name) : undefined;
  }

  /** The calls of a function definition in this file (see call-sites.ts). */
  callSitesOf(definition: SyntaxNode): SyntaxNode[] {
    return callSitesOf(this, definition);
  }

  /** Whether a call passes a parameter of the function it calls, and the argument it passes. */
  argumentFor(call: SyntaxNode, definition: SyntaxNode, parameterName: string): PassedArgument {
    return argumentFor(this, call, definition, parameterName);
  }

  private isRead(identifier: SyntaxNode): boolean {
    const binding = this.bindingOf(identifier);
    if (binding) return binding.kind === "augmented-assignment"; // `x += 1` reads x too
    const parent = identifier.parent;
    if (!parent || NOT_READ.has(parent.type)) return false;
    if (parent.type === "attribute") return !sameNode(parent.childForFieldName("attribute"), identifier);
    if (parent.type === "keyword_argument") return !sameNode(parent.childForFieldName("name"), identifier);
    return true;
  }
}

function encloses(outer: Scope, inner: Scope): boolean {
  for (let scope: Scope | null = inner; scope; scope = scope.parent) if (scope === outer) return true;
  return false;
}
