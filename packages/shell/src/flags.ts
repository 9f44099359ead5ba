import type { TextEdit } from "@gpu-compat/python";
import type { ShellCommand } from "./source.js";
import { isStatic, rangeOf, type ShellWord } from "./words.js";

/** The value a flag is given: `--bf16 True`, `--bf16=True`, `--bf16 "True"`. */
export interface FlagValue {
  /** The value after quote removal. */
  value: string;
  /** The word holding it: the next word, or the flag's own word for `--flag=value`. */
  word: ShellWord;
  /** Where the value is in the script (inside its quotes): replace this range to change it. */
  valueStart: number;
  valueEnd: number;
  /** The value contains expansions (`$BF16`), or cannot be edited in place (an escape in `--flag=va\lue`). */
  dynamic: boolean;
  /** Written as `--flag=value`. */
  joined: boolean;
}

/** One occurrence of a flag among a command's words. */
export interface FlagUse {
  /** The flag's name as written: `--bf16_full_eval` or `--bf16-full-eval`. */
  name: string;
  /** The word holding the flag, and its position in the list searched. */
  word: ShellWord;
  index: number;
  /** Where the name is in the script: replace this range to rename the flag. */
  nameStart: number;
  nameEnd: number;
  /** Absent for a bare flag (`--bf16` followed by another option or nothing). */
  value?: FlagValue;
}

/**
 * Whether a word is an option rather than a value, as argparse tells them apart: it starts with `-` and is not a
 * negative number. An expansion may be anything: it counts as a value, so a flag before it has an unknown value.
 */
export function looksLikeOption(word: ShellWord): boolean {
  if (!isStatic(word, 0, 1)) return false;
  return word.value.startsWith("-") && word.value !== "-" && !/^-\.?\d/.test(word.value);
}

/**
 * Every use of a flag among `words` (a command's arguments, or the part of them a script receives), under any of
 * its spellings: `--flag value`, `--flag=value` and a bare `--flag`. A word after the flag is its value unless it
 * looks like an option, as with argparse's `nargs="?"`.
 */
export function flagUses(words: readonly ShellWord[], names: string | readonly string[]): FlagUse[] {
  const spellings = typeof names === "string" ? [names] : names;
  const uses: FlagUse[] = [];
  words.forEach((word, index) => {
    for (const name of spellings) {
      const use = word.value === name ? separateUse(words, index, name) : word.value.startsWith(`${name}=`) ? joinedUse(word, index, name) : undefined;
      if (use) uses.push(use);
    }
  });
  return uses;
}

function separateUse(words: readonly ShellWord[], index: number, name: string): FlagUse | undefined {
  const word = words[index]!;
  if (!isStatic(word)) return undefined;
  const use: FlagUse = { name, word, index, nameStart: word.valueStart, nameEnd: word.valueEnd };
  const next = words[index + 1];
  if (next && !looksLikeOption(next)) {
    use.value = { value: next.value, word: next, valueStart: next.valueStart, valueEnd: next.valueEnd, dynamic: next.dynamic, joined: false };
  }
  return use;
}

function joinedUse(word: ShellWord, index: number, name: string): FlagUse | undefined {
  const nameRange = rangeOf(word, 0, name.length);
  if (!nameRange || !isStatic(word, 0, name.length + 1)) return undefined;
  const from = name.length + 1;
  const range = rangeOf(word, from, word.value.length);
  const value: FlagValue = {
    value: word.value.slice(from),
    word,
    valueStart: range?.start ?? word.end,
    valueEnd: range?.end ?? word.end,
    dynamic: !range || !isStatic(word, from),
    joined: true,
  };
  return { name, word, index, nameStart: nameRange.start, nameEnd: nameRange.end, value };
}

/** The value of a flag (its last use: argparse keeps the last), or undefined when it is absent or bare. */
export function flagValue(from: ShellCommand | readonly ShellWord[], names: string | readonly string[]): FlagValue | undefined {
  const uses = flagUses("args" in from ? from.args : from, names);
  return uses[uses.length - 1]?.value;
}

// What may separate two words of one command: blanks and line continuations.
const BETWEEN_WORDS = /^(?:[ \t]|\\\r?\n)+$/;

/**
 * The edit that removes a flag with its value: from the end of the word before it, so that the line keeps its
 * layout (`train.py \⏎  --bf16 True \⏎  --x 1` loses its middle line). Undefined when something other than blanks
 * and line continuations sits in the way (a `<<<` here-string between the words).
 */
export function removeFlagEdit(text: string, use: FlagUse): TextEdit | undefined {
  const first = use.word.node;
  const separate = use.value !== undefined && !use.value.joined;
  const last = separate ? use.value!.word.node : first;
  if (separate && !BETWEEN_WORDS.test(text.slice(first.endIndex, last.startIndex))) return undefined;
  const before = first.previousSibling;
  if (before && BETWEEN_WORDS.test(text.slice(before.endIndex, first.startIndex))) return { start: before.endIndex, end: last.endIndex, text: "" };
  const after = last.nextSibling;
  if (after && BETWEEN_WORDS.test(text.slice(last.endIndex, after.startIndex))) return { start: first.startIndex, end: after.startIndex, text: "" };
  return undefined;
}
