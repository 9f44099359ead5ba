import { describeParserBackend } from "@gpu-compat/engine";
import { allRules, docsUrl, findRule, ruleDocs } from "@gpu-compat/rules";
import { closest, formatTargetsTable } from "@gpu-compat/targets";
import { EXIT_OK, UsageError } from "./exit-codes.js";
import type { Io } from "./run-command.js";
import { VERSION } from "./version.js";

export function rulesCommand(io: Io, format: "text" | "json" = "text"): number {
  if (format === "json") {
    const rules = allRules.map((rule) => ({ id: rule.id, title: rule.title, category: rule.category, severity: rule.severity, fixable: rule.fixable, appliesWhen: rule.appliesWhen, url: docsUrl(rule.id) }));
    io.stdout(`${JSON.stringify(rules, null, 2)}\n`);
    return EXIT_OK;
  }
  const width = (field: (rule: (typeof allRules)[number]) => string) => Math.max(...allRules.map((rule) => field(rule).length));
  const [id, category, severity, fixable] = [width((r) => r.id), width((r) => r.category), width((r) => r.severity), width((r) => r.fixable)];
  const lines = allRules.map(
    (rule) => `${rule.id.padEnd(id)}  ${rule.category.padEnd(category)}  ${rule.severity.padEnd(severity)}  fix: ${rule.fixable.padEnd(fixable)}  ${rule.title}`,
  );
  io.stdout(`${lines.join("\n")}\n\nRun \`gpu-compat explain <rule>\` for what a rule does and why.\n`);
  return EXIT_OK;
}

export function explainCommand(id: string, io: Io): number {
  const rule = findRule(id);
  if (!rule) {
    const near = closest(id, allRules.map((r) => r.id));
    throw new UsageError(`Unknown rule '${id}'${near ? ` (did you mean '${near}'?)` : ""}. \`gpu-compat rules\` lists the rules.`);
  }
  const docs = ruleDocs[rule.id] ?? `# ${rule.id}\n\n${rule.title}\n`;
  io.stdout(`${docs.trimEnd()}\n\nApplies when ${rule.appliesWhen}.\nDocs: ${docsUrl(rule.id)}\n`);
  return EXIT_OK;
}

export function targetsCommand(io: Io): number {
  io.stdout(formatTargetsTable());
  return EXIT_OK;
}

/** The version, the Node.js running it and the parser backend: what a bug report needs (`--version` is the number only). */
export async function versionCommand(io: Io): Promise<number> {
  io.stdout(`gpu-compat ${VERSION}\nnode ${process.version} (${process.platform}-${process.arch})\nparser: ${await describeParserBackend()}\n`);
  return EXIT_OK;
}
