import { callNamedAt, keywordValue, argumentsOf } from "../calls.js";
import type { SyntaxNode } from "../node.js";
import type { PythonSource } from "../source.js";
import { stringValue } from "../strings.js";

/** One `parser.add_argument(...)` call. */
export interface ArgparseOption {
  /** The attribute the parsed namespace gets: `dest=`, else the first long option with `-` as `_`, else the first short. */
  readonly dest: string;
  /** The option strings as written (`["--model-name", "-m"]`), or a positional's name. */
  readonly flags: readonly string[];
  readonly call: SyntaxNode;
  /** The `default=` value node. */
  readonly default: SyntaxNode | undefined;
  readonly action: string | undefined;
  readonly choices: SyntaxNode | undefined;
  readonly type: SyntaxNode | undefined;
}

/** Every `x.add_argument(...)` call of the file whose option strings are literals, found from the text. */
export function argparseOptionsOf(source: PythonSource): ArgparseOption[] {
  const options: ArgparseOption[] = [];
  for (const name of source.occurrences("add_argument")) {
    const found = callNamedAt(name);
    const option = found?.callee.type === "attribute" ? optionOf(found.call) : undefined;
    if (option) options.push(option);
  }
  return options;
}

function optionOf(call: SyntaxNode): ArgparseOption | undefined {
  const flags: string[] = [];
  // One pass over the arguments: scripts have hundreds of options, each with a long help text.
  const keywords = new Map<string, SyntaxNode>();
  for (const argument of argumentsOf(call)) {
    if (argument.type === "keyword_argument") {
      const name = argument.childForFieldName("name")?.text;
      const value = keywordValue(argument);
      if (name && value) keywords.set(name, value);
      continue;
    }
    const flag = stringValue(argument);
    if (flag === null) return undefined;
    flags.push(flag);
  }
  const keyword = (name: string) => keywords.get(name);
  const explicit = keyword("dest");
  const dest = explicit ? stringValue(explicit) : destOf(flags);
  if (!dest) return undefined;
  const action = keyword("action");
  return {
    dest,
    flags,
    call,
    default: keyword("default"),
    action: action ? (stringValue(action) ?? undefined) : undefined,
    choices: keyword("choices"),
    type: keyword("type"),
  };
}

/** argparse's rule: the first `--long` option, else the first `-s` one, without its dashes; a positional's name. */
function destOf(flags: readonly string[]): string | null {
  const long = flags.find((f) => f.startsWith("--"));
  if (long) return long.slice(2).replace(/-/g, "_");
  const short = flags.find((f) => f.startsWith("-"));
  if (short) return short.slice(1).replace(/-/g, "_");
  return flags[0] ?? null;
}
