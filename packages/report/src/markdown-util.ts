/** Markdown helpers: inline code, table cells, fences. */

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A table cell: one line, with `|` escaped. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align?: readonly ("left" | "right")[]): string[] {
  const rule = header.map((_, i) => (align?.[i] === "right" ? "---:" : "---"));
  return [tableRow(header.map(cell)), tableRow(rule), ...rows.map((row) => tableRow(row.map(cell)))];
}

/** A fenced code block whose fence is longer than any backtick run inside it. */
export function fence(language: string, body: string): string[] {
  const longest = Math.max(0, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(Math.max(3, longest + 1));
  return [`${ticks}${language}`, body.replace(/\n$/, ""), ticks];
}

/** Text inside a list item: continuation lines indented so they stay in the item. */
export function indentContinuation(text: string, indent: string): string {
  return text.replace(/\r?\n/g, `\n${indent}`);
}
