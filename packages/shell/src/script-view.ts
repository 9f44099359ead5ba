/**
 * The script tree-sitter-bash reads, of the same length as the file's text. Bash runs a script whose last line
 * ends in a continuation `\` (the next line is the end of the file); the grammar does not, so that backslash is
 * read as a space. Offsets and line numbers stay those of the file.
 */
export function scriptView(text: string): string {
  let at = text.length - 1;
  if (text[at] === "\n") at--;
  if (text[at] === "\r") at--;
  let backslashes = 0;
  while (text[at - backslashes] === "\\") backslashes++;
  // An even run is escaped backslashes, not a continuation.
  return backslashes % 2 === 1 ? `${text.slice(0, at)} ${text.slice(at + 1)}` : text;
}
