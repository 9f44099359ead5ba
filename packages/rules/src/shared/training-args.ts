import { calleeName, callOfArgument, type SyntaxNode } from "@gpu-compat/python";

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

/** When `keyword` is the name of a keyword argument of a TrainingArguments-like call, that argument and call. */
export function trainingArgumentsKeyword(name: SyntaxNode): { argument: SyntaxNode; call: SyntaxNode } | null {
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return null;
  const call = callOfArgument(argument);
  if (!call) return null;
  const callee = calleeName(call);
  return callee && TRAINING_ARGUMENTS_CLASSES.has(callee) ? { argument, call } : null;
}
