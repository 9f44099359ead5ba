/**
 * Which of some literals occur in a file, in one pass of one regular expression: faster than searching for each.
 * A match hides the literals that overlap it, so those are searched for again when it is found. `find` reads a
 * file's bytes (as latin1, so a literal matches its UTF-8 bytes without decoding the file); `findInText` a
 * decoded text.
 */
export class LiteralFinder {
  // Each built on first use: a browser (the playground) has texts only, and no Buffer.
  private inBytes?: Matcher;
  private inText?: Matcher;

  constructor(private readonly literals: readonly string[]) {}

  find(bytes: Buffer): Set<string> {
    this.inBytes ??= new Matcher(this.literals, (literal) => Buffer.from(literal, "utf8").toString("latin1"));
    return this.inBytes.find(bytes.toString("latin1"));
  }

  findInText(text: string): Set<string> {
    return (this.inText ??= new Matcher(this.literals, (literal) => literal)).find(text);
  }
}

/** The literals, each spelled as the searched string holds it (`spell`), behind one pattern. */
class Matcher {
  private readonly pattern: RegExp | undefined;
  /** The spellings each spelling's match may hide. */
  private readonly hidden = new Map<string, string[]>();
  private readonly literalOf = new Map<string, string>();

  constructor(literals: readonly string[], spell: (literal: string) => string) {
    const unique = [...new Set(literals)].filter((literal) => literal.length > 0);
    for (const literal of unique) this.literalOf.set(spell(literal), literal);
    const keys = [...this.literalOf.keys()].sort((a, b) => b.length - a.length); // Longest first, where two start together.
    for (const match of keys) this.hidden.set(match, keys.filter((other) => other !== match && overlaps(match, other)));
    this.pattern = keys.length > 0 ? new RegExp(keys.map(escapeRegExp).join("|"), "g") : undefined;
  }

  find(text: string): Set<string> {
    const found = new Set<string>();
    if (!this.pattern) return found;
    const matched = new Set<string>();
    this.pattern.lastIndex = 0;
    for (let match = this.pattern.exec(text); match; match = this.pattern.exec(text)) matched.add(match[0]);
    for (const key of matched) {
      found.add(this.literalOf.get(key)!);
      for (const other of this.hidden.get(key)!) if (!matched.has(other) && text.includes(other)) found.add(this.literalOf.get(other)!);
    }
    return found;
  }
}

/** Whether a match of `match` can cover the start of an occurrence of `other`: `other` inside it, or overlapping its end. */
function overlaps(match: string, other: string): boolean {
  if (match.includes(other)) return true;
  for (let k = 1; k < match.length; k++) if (other.startsWith(match.slice(k))) return true;
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
