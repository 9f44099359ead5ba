/** Offsets of each whole-word occurrence of `word` in `text` (identifier characters do not continue it). */
export function* wordOffsets(text: string, word: string): Generator<number> {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
    if (!isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + word.length))) yield at;
  }
}

/** A character that can start a Python name (ASCII letters, `_`, and any non-ASCII character, as the tokenizer may). */
export function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127;
}

/** A character that can continue a Python name: a name start or a digit. */
export function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || isNameStart(code);
}
