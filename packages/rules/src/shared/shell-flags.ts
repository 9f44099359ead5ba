import type { TextEdit } from "@gpu-compat/python";
import { flagUses, pythonLaunch, removeFlagEdit, type FlagUse, type FlagValue, type PythonLaunch, type ShellCommand, type ShellSource } from "@gpu-compat/shell";

/**
 * The commands of a script that run a Python entry point (`python train.py`, `torchrun ... train.py`,
 * `accelerate launch`, `deepspeed`, `python -m module`; the exact rule is @gpu-compat/shell's `pythonLaunch`),
 * leaving out those a hardware check decides (`if nvidia-smi ... | grep A100; then`).
 */
export function pythonLaunches(document: ShellSource): PythonLaunch[] {
  return document.commands().flatMap((command) => {
    const launch = pythonLaunch(command);
    return launch && !document.guardOf(command.node) ? [launch] : [];
  });
}

/** Commands that only print their arguments: what they say is text, not a setting. */
const PRINTERS = new Set(["echo", "printf"]);

/** Every command that could pass a flag on (anything but `echo`/`printf`), outside hardware checks. */
export function flagCommands(document: ShellSource): ShellCommand[] {
  return document.commands().filter((command) => !PRINTERS.has(command.name.value) && !document.guardOf(command.node));
}

/**
 * The spellings HfArgumentParser accepts for a dataclass field: `--bf16_full_eval` and `--bf16-full-eval`
 * (transformers' hf_argparser.py adds the dashed alias; accelerate's and vLLM's parsers take both too).
 */
export function flagNames(field: string): string[] {
  return field.includes("_") ? [`--${field}`, `--${field.replace(/_/g, "-")}`] : [`--${field}`];
}

/** The use of a flag that counts: the last one, as argparse keeps the last value. */
export function lastUse(words: PythonLaunch["args"], field: string): FlagUse | undefined {
  return flagUses(words, flagNames(field)).at(-1);
}

const TRUE_WORDS = new Set(["yes", "true", "t", "y", "1"]);
const FALSE_WORDS = new Set(["no", "false", "f", "n", "0"]);

/**
 * A boolean flag's value as HfArgumentParser's `string_to_bool` reads it (yes/true/t/y/1 and no/false/f/n/0, any
 * case); a bare flag is true (`nargs="?"`, `const=True`). Undefined for expansions and anything else (`auto`).
 */
export function flagBoolean(use: FlagUse): boolean | undefined {
  if (!use.value) return true;
  if (use.value.dynamic) return undefined;
  const word = use.value.value.toLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
}

/** The false value spelled like a true one: `True` -> `False`, `true` -> `false`, `1` -> `0`, `yes` -> `no`. */
export function falseLike(trueText: string): string {
  const lower = trueText.toLowerCase();
  const word = { yes: "no", true: "false", t: "f", y: "n", 1: "0" }[lower] ?? "False";
  if (trueText === trueText.toUpperCase() && trueText !== lower) return word.toUpperCase();
  return trueText[0] !== trueText[0]?.toLowerCase() ? word[0]!.toUpperCase() + word.slice(1) : word;
}

/** The flag and its value as written, for messages: `--bf16 True`, `--bf16=true`, `--bf16`. */
export function useRange(use: FlagUse): { start: number; end: number } {
  const last = use.value && !use.value.joined ? use.value.word : use.word;
  return { start: use.word.start, end: last.end };
}

export function useText(document: ShellSource, use: FlagUse): string {
  const { start, end } = useRange(use);
  return document.text.slice(start, end).replace(/\\\r?\n\s*/g, "");
}

/** Replaces a flag's value (inside its quotes, if any). */
export function valueEdit(value: FlagValue, text: string): TextEdit {
  return { start: value.valueStart, end: value.valueEnd, text };
}

/**
 * Turns a boolean flag off. A flag with a value gets its false spelling (`--tf32 True` -> `--tf32 False`): the
 * parser takes a value, and false is right whatever default the script's dataclass has (subclasses of
 * TrainingArguments often default `bf16`/`tf32` to True, so removing the flag would leave it on). A bare flag is
 * removed: it may be `store_true`, which takes no value and defaults to false.
 */
export function turnOffEdit(text: string, use: FlagUse): TextEdit | undefined {
  return use.value ? valueEdit(use.value, falseLike(use.value.value)) : removeFlagEdit(text, use);
}

/** What `turnOffEdit` does, for messages: "set to False", "removed". */
export function turnedOff(use: FlagUse): string {
  return use.value ? `set to ${falseLike(use.value.value)}` : "removed";
}
