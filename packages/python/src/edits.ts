/** A replacement of the half-open range [start, end) of a decoded text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point also conflict: their order would be a guess.
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/**
 * Picks groups of edits that can be applied together. Each group (one finding's fix) is taken whole or not at
 * all; a group that overlaps one taken earlier waits for the next pass.
 */
export function selectEditGroups<T extends { edits: readonly TextEdit[] }>(groups: readonly T[]): { taken: T[]; deferred: T[] } {
  const taken: T[] = [];
  const deferred: T[] = [];
  const chosen: TextEdit[] = [];
  for (const group of groups) {
    const clash = group.edits.some((edit) => chosen.some((other) => overlaps(edit, other)));
    if (clash) {
      deferred.push(group);
      continue;
    }
    taken.push(group);
    chosen.push(...group.edits);
  }
  return { taken, deferred };
}

/** Applies non-overlapping edits (offsets into `text`); throws on overlap, which callers rule out first. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}
