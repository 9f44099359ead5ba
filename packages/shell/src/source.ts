import { ancestors, childrenOf, HARDWARE_CHECK_NAMES, type SyntaxNode } from "@gpu-compat/python";
import { emptyWord, readWord, WORD_TYPES, type ShellWord } from "./words.js";

export type { ShellWord, WordPart } from "./words.js";

/** A simple command: `VAR=1 torchrun --nproc_per_node 8 train.py --bf16 True`, line continuations joined. */
export interface ShellCommand {
  node: SyntaxNode;
  /** Leading `NAME=value` assignments. */
  env: { name: string; value: ShellWord }[];
  /** The command name (`torchrun`, `python`, `accelerate`), unquoted. */
  name: ShellWord;
  /** The arguments, in order; redirections (`> log`, `2>&1`) are not arguments. */
  args: ShellWord[];
}

/**
 * A variable assignment: `NAME=value` on its own, after `export`/`declare`/`local`/`readonly`, or before a command
 * name (`NAME=value cmd`, scope "command": it holds for that command only).
 */
export interface ShellAssignment {
  name: string;
  value: ShellWord;
  node: SyntaxNode;
  scope: "script" | "command";
}

/** Words in a shell condition that test the GPU: the Python checks of @gpu-compat/python, and nvidia-smi queries. */
const HARDWARE_CHECK = new RegExp(`\\b(${[...HARDWARE_CHECK_NAMES, "nvidia-smi", "compute_cap"].join("|")})\\b`);

/**
 * A parsed shell script (a `.sh` file, a Makefile recipe, a notebook `!` line or `%%bash` cell), with the facts
 * shell rules ask about. Implemented in this package; rules only read it.
 */
export class ShellSource {
  private commandList: ShellCommand[] | undefined;
  private assignmentList: ShellAssignment[] | undefined;

  /**
   * @param notebookBang A notebook line `!cmd`: the offset of its `!`, relative to this text (which starts after
   * it). IPython runs such a line in a subshell of its own, so `!cd dir` changes nothing that follows.
   */
  constructor(
    readonly text: string,
    readonly root: SyntaxNode,
    readonly notebookBang?: number,
  ) {}

  /** Every simple command in the script, in order, including those inside pipelines, `&&` lists and functions. */
  commands(): ShellCommand[] {
    return (this.commandList ??= this.root
      .descendantsOfType("command")
      .filter((node): node is SyntaxNode => node !== null)
      .sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex)
      .flatMap((node) => this.readCommand(node) ?? []));
  }

  /**
   * The hardware check that decides whether `node` runs: the condition of an enclosing `if`/`elif`, or the left
   * side of an enclosing `&&`/`||` list, when it mentions one (`nvidia-smi`, `is_bf16_supported`, ...).
   */
  guardOf(node: SyntaxNode): string | null {
    for (const ancestor of ancestors(node)) {
      const condition = conditionBefore(ancestor, node);
      const found = condition && HARDWARE_CHECK.exec(this.text.slice(condition.start, condition.end));
      if (found) return found[1]!;
    }
    return null;
  }

  /** Every variable assignment in the script, in order. */
  assignments(): ShellAssignment[] {
    return (this.assignmentList ??= this.root
      .descendantsOfType("variable_assignment")
      .filter((node): node is SyntaxNode => node !== null)
      .map((node) => ({ ...this.assignment(node), node, scope: this.commandScoped(node) ? "command" : "script" })));
  }

  /**
   * The static value of a variable the script sets once, at its top level (not in a function, loop or branch,
   * and not only for one command), with the word that holds it: `NUM_GPUS=8` or `export NUM_GPUS=8`.
   * Undefined when it is set more than once, conditionally, from an expansion, or never.
   */
  constant(name: string): ShellWord | undefined {
    const sets = this.assignments().filter((a) => a.name === name);
    const only = sets.length === 1 ? sets[0]! : undefined;
    if (!only || only.scope !== "script" || only.value.dynamic) return undefined;
    const parent = only.node.parent;
    const holder = parent?.type === "declaration_command" || parent?.type === "command" ? parent : only.node;
    return holder.parent?.type === "program" ? only.value : undefined;
  }

  /** `NAME=value cmd` sets NAME for `cmd` only; a bare `NAME=value` line (which the grammar may join to the
   * command on the next line) sets it for the script. */
  private commandScoped(node: SyntaxNode): boolean {
    const name = node.parent?.type === "command" ? node.parent.childForFieldName("name") : null;
    return name !== null && this.onNameLine(node, name);
  }

  private readCommand(node: SyntaxNode): ShellCommand | undefined {
    const nameNode = node.childForFieldName("name");
    const nameWord = nameNode?.namedChildren[0];
    if (!nameNode || !nameWord) return undefined;
    const args: ShellWord[] = [];
    const env: ShellCommand["env"] = [];
    for (const child of childrenOf(node)) {
      if (child.endIndex <= nameNode.startIndex) {
        if (child.type === "variable_assignment" && this.onNameLine(child, nameNode)) env.push(this.assignment(child));
      } else if (child.startIndex >= nameNode.endIndex && WORD_TYPES.has(child.type)) {
        args.push(readWord(child, this.text));
      }
    }
    return { node, env, name: readWord(nameWord, this.text), args };
  }

  /** tree-sitter-bash joins `A=1 B=2` and a command on the next line into one command; bash does not. */
  private onNameLine(assignment: SyntaxNode, name: SyntaxNode): boolean {
    return !/[\r\n]/.test(this.text.slice(assignment.endIndex, name.startIndex).replace(/\\\r?\n/g, ""));
  }

  private assignment(node: SyntaxNode): ShellCommand["env"][number] {
    const name = node.childForFieldName("name")?.text ?? "";
    const value = node.childForFieldName("value");
    return { name, value: value ? readWord(value, this.text) : emptyWord(node, node.endIndex) };
  }
}

/** The part of `ancestor` that runs before `node` and decides whether it runs, if `ancestor` has one. */
function conditionBefore(ancestor: SyntaxNode, node: SyntaxNode): { start: number; end: number } | null {
  const type = ancestor.type;
  if (type !== "if_statement" && type !== "elif_clause" && type !== "list") return null;
  // Only then the children: the program's are every line of the script, and each costs a native node.
  const children = childrenOf(ancestor);
  if (type === "if_statement" || type === "elif_clause") {
    const keyword = children[0];
    const then = children.find((child) => child.type === "then");
    if (keyword && then && node.startIndex >= then.endIndex) return { start: keyword.endIndex, end: then.startIndex };
  }
  if (type === "list") {
    const operator = children.find((child) => child.type === "&&" || child.type === "||");
    if (operator && node.startIndex >= operator.endIndex) return { start: ancestor.startIndex, end: operator.startIndex };
  }
  return null;
}
