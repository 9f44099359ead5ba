import { callOfArgument, type ImportMap, type PythonSource, type SyntaxNode } from "@gpu-compat/python";

/** Hugging Face `TrainingArguments` and the subclasses people construct directly. */
export const TRAINING_ARGUMENTS_CLASSES: ReadonlySet<string> = new Set([
  "TrainingArguments",
  "Seq2SeqTrainingArguments",
  "SFTConfig",
  "DPOConfig",
  "ORPOConfig",
  "KTOConfig",
  "CPOConfig",
  "RewardConfig",
  "GRPOConfig",
  "PPOConfig",
]);

/**
 * When `name` is the name of a keyword argument of a TrainingArguments-like call (also through an import alias,
 * `from transformers import TrainingArguments as TA`), that argument and call.
 */
export function trainingArgumentsKeyword(name: SyntaxNode, imports: ImportMap): { argument: SyntaxNode; call: SyntaxNode } | null {
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return null;
  const call = callOfArgument(argument);
  if (!call) return null;
  const fn = call.childForFieldName("function");
  const callee = fn && imports.qualifiedName(fn)?.split(".").pop();
  return callee && TRAINING_ARGUMENTS_CLASSES.has(callee) ? { argument, call } : null;
}

/** The TrainingArguments-like calls that pass one of these keywords, each once, in the order first met. */
export function trainingArgumentsCallsWith(source: PythonSource, keywords: readonly string[]): SyntaxNode[] {
  const calls = new Map<number, SyntaxNode>();
  for (const word of keywords) {
    for (const node of source.occurrences(word)) {
      if (node.type !== "identifier") continue;
      const found = trainingArgumentsKeyword(node, source.imports);
      if (found && !calls.has(found.call.startIndex)) calls.set(found.call.startIndex, found.call);
    }
  }
  return [...calls.values()];
}
