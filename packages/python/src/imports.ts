import { namedChildrenOf, sameNode, type SyntaxNode } from "./node.js";
import { wordOffsets } from "./words.js";

/**
 * What each imported local name stands for, fully qualified:
 * `import torch as T` binds T -> "torch"; `import torch.nn` binds torch -> "torch";
 * `from torch import bfloat16 as bf` binds bf -> "torch.bfloat16".
 */
export class ImportMap {
  readonly bindings = new Map<string, string>();
  /** Modules imported with `from m import *`: their names can appear bare. */
  readonly wildcardModules: string[] = [];
  /** The import statements, for rules that edit or inspect them. */
  readonly statements: SyntaxNode[] = [];

  static fromTree(root: SyntaxNode): ImportMap {
    const map = new ImportMap();
    for (const statement of importStatements(root)) {
      map.statements.push(statement);
      if (statement.type === "import_statement") map.addImport(statement);
      else map.addFromImport(statement);
    }
    return map;
  }

  private addImport(statement: SyntaxNode): void {
    for (const child of namedChildrenOf(statement)) {
      if (child.type === "dotted_name") {
        // `import torch.nn` makes `torch` available, bound to the top package.
        const first = child.text.split(".")[0]!;
        this.bindings.set(first, first);
      } else if (child.type === "aliased_import") {
        const name = child.childForFieldName("name");
        const alias = child.childForFieldName("alias");
        if (name && alias) this.bindings.set(alias.text, dotted(name.text));
      }
    }
  }

  private addFromImport(statement: SyntaxNode): void {
    const moduleNode = statement.childForFieldName("module_name");
    if (!moduleNode || moduleNode.type === "relative_import") return;
    const module = dotted(moduleNode.text);
    for (const child of namedChildrenOf(statement)) {
      if (child.startIndex === moduleNode.startIndex) continue;
      if (child.type === "wildcard_import") this.wildcardModules.push(module);
      else if (child.type === "dotted_name") this.bindings.set(child.text, `${module}.${dotted(child.text)}`);
      else if (child.type === "aliased_import") {
        const name = child.childForFieldName("name");
        const alias = child.childForFieldName("alias");
        if (name && alias) this.bindings.set(alias.text, `${module}.${dotted(name.text)}`);
      }
    }
  }

  /** True when the file imports the module or anything under it (`torch` matches `torch.nn`). */
  importsModule(module: string): boolean {
    const prefix = module + ".";
    for (const target of this.bindings.values()) if (target === module || target.startsWith(prefix)) return true;
    return this.wildcardModules.some((m) => m === module || m.startsWith(prefix));
  }

  /** The qualified name an identifier stands for; unbound names stand for themselves. */
  resolveName(name: string): string {
    return this.bindings.get(name) ?? name;
  }

  /**
   * Fully qualified name of an identifier or attribute chain (`T.cuda.amp` -> "torch.cuda.amp"), or null for
   * expressions that are not plain chains (calls, subscripts).
   */
  qualifiedName(node: SyntaxNode): string | null {
    if (node.type === "identifier") return this.resolveName(node.text);
    if (node.type === "attribute") {
      const object = node.childForFieldName("object");
      const attribute = node.childForFieldName("attribute");
      if (!object || !attribute) return null;
      const base = this.qualifiedName(object);
      return base === null ? null : `${base}.${attribute.text}`;
    }
    return null;
  }
}

const IMPORT_TYPES = new Set(["import_statement", "import_from_statement"]);

/**
 * The import statements under `root`, in order, found from each `import` keyword of its text: several times
 * faster than walking the whole tree, which this did on every file the rules read. A keyword-like word in a
 * comment or string leads to no statement, or back to the one it sits in.
 */
function importStatements(root: SyntaxNode): SyntaxNode[] {
  const statements: SyntaxNode[] = [];
  for (const at of wordOffsets(root.text, "import")) {
    let node = root.descendantForIndex(root.startIndex + at, root.startIndex + at + "import".length);
    while (node && !IMPORT_TYPES.has(node.type) && !sameNode(node, root)) node = node.parent;
    if (!node || !IMPORT_TYPES.has(node.type) || statements.at(-1)?.startIndex === node.startIndex) continue;
    statements.push(node);
  }
  return statements;
}

/** `torch . nn` is legal Python; normalise away the spaces. */
function dotted(text: string): string {
  return text.replace(/\s+/g, "");
}
