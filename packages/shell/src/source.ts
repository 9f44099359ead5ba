import type { SyntaxNode } from "@gpu-compat/python";

/** One word of a command line: a flag, a value, a path. */
export interface ShellWord {
  /** The word as the shell sees it after quote removal: `"--bf16"` -> `--bf16`. */
  value: string;
  /** The raw token's range in the text (quotes included). */
  start: number;
  end: number;
  /** The range of the value inside the quotes (equal to start/end for unquoted words). */
  valueStart: number;
  valueEnd: number;
  /** True when the word contains expansions (`$X`, `$(...)`), so its value is not known statically. */
  dynamic: boolean;
}

/** A simple command: `VAR=1 torchrun --nproc_per_node 8 train.py --bf16 True`, line continuations joined. */
export interface ShellCommand {
  node: SyntaxNode;
  /** Leading `NAME=value` assignments. */
  env: { name: string; value: ShellWord }[];
  /** The command name (`torchrun`, `python`, `accelerate`), unquoted. */
  name: ShellWord;
  args: ShellWord[];
}

/**
 * A parsed shell script (a `.sh` file, a Makefile recipe, a notebook `!` line or `%%bash` cell), with the facts
 * shell rules ask about. Implemented in this package; rules only read it.
 */
export class ShellSource {
  constructor(
    readonly text: string,
    readonly root: SyntaxNode,
  ) {}

  /** Every simple command in the script, in order, including those inside pipelines, `&&` lists and functions. */
  commands(): ShellCommand[] {
    throw new Error("not implemented yet");
  }
}
