import type { LineIndex } from "@gpu-compat/python";

// `# gpu-compat: ignore` or `# gpu-compat: ignore[rule-a, rule-b]` on the line of a finding.
const SUPPRESSION = /#\s*gpu-compat:\s*ignore(?:\[([^\]]*)\])?/;

/** True when the line holding `offset` carries a suppression comment covering `ruleId`. */
export function isSuppressed(lines: LineIndex, offset: number, ruleId: string): boolean {
  const line = lines.lineText(lines.position(offset).line);
  const match = SUPPRESSION.exec(line);
  if (!match) return false;
  if (match[1] === undefined) return true;
  return match[1].split(",").some((id) => id.trim() === ruleId);
}
