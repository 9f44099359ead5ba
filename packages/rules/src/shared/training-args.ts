import { callOfArgument, type ImportMap, type SyntaxNode } from "@gpu-compat/python";

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
