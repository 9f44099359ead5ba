// The rules of a SARIF run: what GitHub code scanning shows next to each alert, taken from the rules' docs.
import type { Severity } from "@gpu-compat/engine";
import { docsUrl, ruleDocs, type Rule } from "@gpu-compat/rules";

/** GitHub code scanning cuts rule descriptions at this many characters. */
const DESCRIPTION_LIMIT = 1024;

export type Level = "error" | "warning" | "note";

export const LEVEL: Record<Severity, Level> = { error: "error", warning: "warning", info: "note" };
/** GitHub's `problem.severity`, which decides which alerts it shows by default. */
const PROBLEM_SEVERITY: Record<Severity, string> = { error: "error", warning: "warning", info: "recommendation" };

function limit(text: string, max = DESCRIPTION_LIMIT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `flash-attention-2` -> `FlashAttention2`: the SARIF validator (rule SARIF2012) asks for a Pascal-case friendly name. */
function pascalCase(id: string): string {
  return id
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** Markdown inline code and links read as plain text: `x` -> x, [text](url) -> text. */
function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/`+([^`]*)`+/g, "$1")
    .replace(/\*\*([^*]*)\*\*/g, "$1");
}

interface Block {
  text: string;
  code: boolean;
}

/** The blocks of the docs' "Why" section, each in one line; code fences keep their content and lose the fence. */
function whyBlocks(docs: string): Block[] {
  const section = docs.split(/\r?\n## /).find((part) => /^Why\r?\n/.test(part));
  if (!section) return [];
  const blocks: Block[] = [];
  let lines: string[] = [];
  let inFence = false;
  const flush = (code: boolean) => {
    if (lines.length > 0) blocks.push({ text: lines.join(" "), code });
    lines = [];
  };
  for (const line of section.split(/\r?\n/).slice(1)) {
    if (/^\s*(```|~~~)/.test(line)) {
      flush(inFence);
      inFence = !inFence;
    } else if (!inFence && line.trim() === "") flush(false);
    else if (line.trim() !== "") lines.push(line.trim());
  }
  flush(inFence);
  return blocks;
}

/**
 * The docs' "Why" in plain text: its first paragraph and the code block it leads into (most often the error
 * message a user sees). Without docs: the title and when the rule runs.
 */
function fullDescription(rule: Rule, docs: string | undefined): string {
  const blocks = docs ? whyBlocks(docs) : [];
  const taken = blocks.slice(0, 1);
  for (const next of blocks.slice(1)) {
    const last = taken[taken.length - 1]!;
    if (last.code || !(next.code || last.text.endsWith(":"))) break;
    taken.push(next);
  }
  const text = taken.map((block) => (block.code ? block.text : plainText(block.text))).join(" ").trim();
  return text || `${rule.title}. Applies when ${rule.appliesWhen}.`;
}

export function ruleDescriptor(rule: Rule): object {
  const docs = ruleDocs[rule.id];
  const help = docs ?? `# ${rule.id}\n\n${rule.title}\n`;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: limit(rule.title) },
    fullDescription: { text: limit(fullDescription(rule, docs)) },
    helpUri: docsUrl(rule.id),
    help: { text: help, markdown: `${help.trimEnd()}\n\n[Documentation](${docsUrl(rule.id)})\n` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: [rule.category], "problem.severity": PROBLEM_SEVERITY[rule.severity] },
  };
}

/** A finding of a rule the registry does not list (a rule of a newer engine): described by its id alone. */
export function bareDescriptor(id: string, severity: Severity): object {
  return { id, name: pascalCase(id), shortDescription: { text: id }, defaultConfiguration: { level: LEVEL[severity] } };
}
