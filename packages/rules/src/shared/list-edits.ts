import { namedChildrenOf, removeArgumentEdit, type SyntaxNode, type TextEdit } from "@gpu-compat/python";

/**
 * The edits that delete some elements of a list literal with their commas, keeping the layout. Elements alone on
 * their lines lose those lines (with the comment after them); a run of elements sharing lines with others goes
 * with the commas and spaces up to the next kept element, or, at the end of the list, from the previous kept
 * element's end. At least one element must be kept: the edits never empty the list.
 */
export function removeListElementsEdits(text: string, list: SyntaxNode, remove: readonly SyntaxNode[]): TextEdit[] {
  const elements = namedChildrenOf(list).filter((child) => child.type !== "comment");
  const removed = elements.map((element) => remove.some((r) => r.startIndex === element.startIndex && r.endIndex === element.endIndex));
  if (!removed.includes(false)) throw new Error("removeListElementsEdits must keep one element");
  const edits: TextEdit[] = [];
  for (let first = 0; first < elements.length; first++) {
    if (!removed[first]) continue;
    let last = first;
    while (removed[last + 1]) last++;
    const run = elements.slice(first, last + 1);
    if (run.every((element) => aloneOnItsLines(text, element))) {
      edits.push(...run.map((element) => removeArgumentEdit(text, element)));
    } else if (last + 1 < elements.length) {
      edits.push({ start: elements[first]!.startIndex, end: elements[last + 1]!.startIndex, text: "" });
    } else {
      edits.push({ start: elements[first - 1]!.endIndex, end: elements[last]!.endIndex, text: "" });
    }
    first = last;
  }
  return edits;
}

/** Only indentation before the element on its first line; only a comma and a comment after it on its last. */
function aloneOnItsLines(text: string, element: SyntaxNode): boolean {
  const lineStart = Math.max(text.lastIndexOf("\n", element.startIndex - 1), text.lastIndexOf("\r", element.startIndex - 1)) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, element.startIndex)) && /^[ \t]*,?[ \t]*(#[^\r\n]*)?(\r|\n|$)/.test(text.slice(element.endIndex));
}
