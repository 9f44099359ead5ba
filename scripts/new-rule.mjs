// Scaffolds a rule: `node scripts/new-rule.mjs <id> --category <c> --kinds python,shell [--lacks <feature>]
// [--severity warning] [--fixable never]`. Writes, and never overwrites:
//   packages/rules/src/<category>/<id>.ts   a hint-only rule with one check per kind, that already runs
//   packages/rules/docs/<id>.md             the header and every section the registry test requires
//   packages/rules/fixtures/<id>/           per kind: hint-basic and three ok- cases
// and registers the rule in packages/rules/src/registry.ts (an import and an `allRules` entry). The stubs pass
// `pnpm test` as they are; replace every TODO, then follow CONTRIBUTING.md, "Adding a rule".
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("../", import.meta.url));
const rules = `${root}packages/rules/`;

const CATEGORIES = ["precision", "attention", "compile", "parallel", "memory", "platform"];
const KINDS = ["python", "shell", "config", "requirements", "cuda"];
const FEATURES = ["bf16", "tf32", "fp8", "fp16TensorCores", "flashAttention2", "triton", "currentTorchWheels"];
const USAGE = `usage: node scripts/new-rule.mjs <id> --category <${CATEGORIES.join("|")}> --kinds <${KINDS.join(",")}>
       [--lacks <${FEATURES.join("|")}>] [--severity error|warning|info] [--fixable never|sometimes|always]`;

function fail(message) {
  console.error(`new-rule: ${message}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      category: { type: "string" },
      kinds: { type: "string", default: "python" },
      lacks: { type: "string" },
      severity: { type: "string", default: "warning" },
      fixable: { type: "string", default: "never" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (error) {
  fail(error.message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [id] = positionals;
if (!id || positionals.length > 1) fail("give one rule id");
if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) fail(`"${id}" is not kebab-case (bf16-dtype, flash-attention-2)`);
const { category, lacks, severity, fixable } = values;
if (!CATEGORIES.includes(category)) fail(`--category must be one of ${CATEGORIES.join(", ")}`);
const kinds = values.kinds.split(",").map((k) => k.trim()).filter(Boolean);
if (kinds.length === 0 || kinds.some((k) => !KINDS.includes(k))) fail(`--kinds takes a comma-separated list of ${KINDS.join(", ")}`);
if (lacks !== undefined && !FEATURES.includes(lacks)) fail(`--lacks must be one of ${FEATURES.join(", ")} (a new feature goes into packages/targets first: CONTRIBUTING.md)`);
if (!["error", "warning", "info"].includes(severity)) fail("--severity must be error, warning or info");
if (!["never", "sometimes", "always"].includes(fixable)) fail("--fixable must be never, sometimes or always");

const camel = id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const sourcePath = `${rules}src/${category}/${id}.ts`;
const docsPath = `${rules}docs/${id}.md`;
const fixturesDir = `${rules}fixtures/${id}/`;
for (const path of [sourcePath, docsPath, fixturesDir]) if (existsSync(path)) fail(`${path.slice(root.length)} exists already`);
const registryPath = `${rules}src/registry.ts`;
const registry = readFileSync(registryPath, "utf8");
if (registry.includes(`${camel} }`) || registry.includes(`${camel},`)) fail(`${camel} is in registry.ts already`);

// The title, here and in the docs header (the registry test keeps them the same).
const TITLE = "TODO: one line that says what it finds and on which GPUs";

// One placeholder trigger: a name that appears in the stub fixtures and nowhere in real code.
const TRIGGER = `todo_${id.replace(/-/g, "_")}`;

/** What each kind's check looks like: a body that reports the trigger (it becomes `checks.<kind>.run`). */
const CHECKS = {
  python: {
    body: `    // Find names, then ask what they resolve to: \`import torch as t\` and \`from torch import x as y\` spell the
    // same thing. Code behind a real hardware check produces nothing (source.guards).
    const { source } = context;
    for (const node of source.occurrences(TRIGGER)) {
      const found = callNamedAt(node);
      if (!found || source.imports.qualifiedName(found.callee) !== \`torch.cuda.\${TRIGGER}\` || source.guards.guardOf(found.call)) continue;
      report(context, { start: found.call.startIndex, end: found.call.endIndex });
    }`,
  },
  shell: {
    body: `    // Commands of a script, a Makefile recipe or a notebook \`!\` line; each word has its value and its range.
    for (const command of context.document.commands()) {
      if (context.document.guardOf(command.node)) continue;
      for (const word of command.args) if (word.value === \`--\${TRIGGER}\`) report(context, { start: word.start, end: word.end });
    }`,
  },
  config: {
    body: `    // TODO: read the entries of the YAML/JSON config (context.document: ConfigSource in @gpu-compat/config).
    const at = context.document.text.indexOf(TRIGGER);
    if (at !== -1) report(context, { start: at, end: at + TRIGGER.length });`,
  },
  requirements: {
    body: `    // Requirements by package name (normalised as pip does: \`a_b\` is \`a-b\`), with their ranges. The prefilter
    // looks for the literal as written: give the spellings in \`checks.requirements.triggers\`.
    for (const requirement of context.document.find(TRIGGER)) report(context, { start: requirement.start, end: requirement.end });`,
  },
  cuda: {
    body: `    // TODO: read the CUDA source (context.document: CudaSource); it is read for hints, never edited.
    const at = context.document.text.indexOf(TRIGGER);
    if (at !== -1) report(context, { start: at, end: at + TRIGGER.length });`,
  },
};

/** Each line of a body, indented further. */
function indent(body, by) {
  return body
    .split("\n")
    .map((line) => (line ? by + line : line))
    .join("\n");
}

const appliesLines = lacks
  ? `  lacks: "${lacks}",`
  : `  appliesWhen: "TODO: the hardware condition in words, for targets it runs on (every target: say why)",
  appliesTo: () => true,`;

const source = `${kinds.includes("python") ? 'import { callNamedAt } from "@gpu-compat/python";\n' : ""}import { defineRule } from "../define.js";
import { gpuLabel } from "../shared/messages.js";
import type { RuleContextBase } from "../types.js";

// TODO: the literal(s) without which the rule cannot match; files without any are never parsed.
const TRIGGER = "${TRIGGER}";

export const ${camel} = defineRule({
  id: "${id}",
  title: "${TITLE}",
  category: "${category}",
  severity: "${severity}",
  // "never": every finding is a hint (CONTRIBUTING.md, "Fix or hint").
  fixable: "${fixable}",
${appliesLines}
  triggers: [TRIGGER],
  checks: {
${kinds.map((k) => `    ${k}: {\n      run(context) {\n${indent(CHECKS[k].body, "    ")}\n      },\n    },`).join("\n")}
  },
});

/** One finding: what fails on this GPU and why (numbers from the target profile), and what to do instead. */
function report(context: RuleContextBase, range: { start: number; end: number }): void {
  context.report({
    ...range,
    message: \`TODO: what fails on \${gpuLabel(context.target)} and why, in one sentence a user understands.\`,
    hint: "TODO: the concrete change to make, as code the user can paste.",
  });
}
`;

const appliesDoc = lacks
  ? `Runs when the target lacks \`${lacks}\` (TODO: say which GPUs that is, as the other rules' docs do).`
  : "Runs on every target and decides from its numbers (TODO: which).";
const docs = `# ${id}

**${TITLE}** · ${category} · ${severity} · fix: ${fixable}

${appliesDoc}

## Why
TODO: what fails on which GPUs, with the exact error text a user sees (quoted from a source: an issue, the
library's code), and why.

## What it rewrites
TODO: nothing (hints only): what each hint suggests, with an example of the code it reports.

\`\`\`python
torch.cuda.${TRIGGER}()   # hint: ...
\`\`\`

## When it stays silent
- TODO: code behind a hardware check (\`if torch.cuda.get_device_capability()[0] >= 8:\`).
- TODO: the name in a comment or a string.
- TODO: other functions of the same name.

## Fix safety
Hints only: TODO: why the rewrite is not certain enough to make.

## Hardware fact
TODO: the fact with its source (docs/gpu-facts.md, vendor docs, a library's source, a thread that shows it).
`;

/** Fixture stubs by kind: the extension of `<case>.input.<ext>`, a positive case and three negative ones. */
const FIXTURES = {
  python: {
    ext: "py",
    hint: `import torch\n\ntorch.cuda.${TRIGGER}()\n`,
    ok: {
      guarded: `import torch\n\nif torch.cuda.get_device_capability()[0] >= 8:\n    torch.cuda.${TRIGGER}()\n`,
      comment: `import torch\n\n# torch.cuda.${TRIGGER}() is not called here\nprint("${TRIGGER}")\n`,
      "other-module": `import mylib\n\nmylib.${TRIGGER}()\n`,
    },
  },
  shell: {
    ext: "sh",
    hint: `#!/usr/bin/env bash\npython train.py --${TRIGGER}\n`,
    ok: {
      guarded: `#!/usr/bin/env bash\nif nvidia-smi --query-gpu=compute_cap --format=csv,noheader | grep -q '^[89]'; then\n  python train.py --${TRIGGER}\nfi\n`,
      comment: `#!/usr/bin/env bash\n# python train.py --${TRIGGER}\npython train.py\n`,
      "value-only": `#!/usr/bin/env bash\necho ${TRIGGER}\n`,
    },
  },
  config: {
    ext: "yaml",
    hint: `${TRIGGER}: true\n`,
    ok: { "other-key": `bf16: false\n`, empty: `{}\n`, comment: `# nothing to see\nlr: 0.1\n` },
  },
  requirements: {
    ext: "requirements.txt",
    hint: `${TRIGGER}==1.0\n`,
    ok: { other: `torch==2.1.2\n`, empty: `\n`, comment: `# ${TRIGGER} is not needed\nnumpy\n` },
  },
  cuda: {
    ext: "cu",
    hint: `// ${TRIGGER}\n__global__ void k() {}\n`,
    ok: { plain: `__global__ void k() {}\n`, empty: `\n`, other: `int main() { return 0; }\n` },
  },
};

const written = [];
function write(path, text) {
  writeFileSync(path, text);
  written.push(path.slice(root.length));
}

mkdirSync(`${rules}src/${category}`, { recursive: true });
write(sourcePath, source);
write(docsPath, docs);
mkdirSync(fixturesDir, { recursive: true });
for (const kind of kinds) {
  const { ext, hint, ok } = FIXTURES[kind];
  const suffix = kinds.length > 1 ? `-${kind}` : "";
  write(`${fixturesDir}hint-basic${suffix}.input.${ext}`, hint);
  for (const [name, text] of Object.entries(ok)) write(`${fixturesDir}ok-${name}${suffix}.input.${ext}`, text);
}

// Registration: the import after the last one of the same category (or before the types import), the entry before
// unusedSuppression, which the engine reports last.
const importLine = `import { ${camel} } from "./${category}/${id}.js";`;
const lines = registry.split("\n");
const sameCategory = lines.map((line, i) => (line.includes(`from "./${category}/`) ? i : -1)).filter((i) => i !== -1);
const typesImport = lines.findIndex((line) => line.startsWith("import type"));
lines.splice(sameCategory.length ? sameCategory.at(-1) + 1 : typesImport, 0, importLine);
const last = lines.findIndex((line) => line.trim() === "unusedSuppression,");
if (last === -1) fail("registry.ts: no `unusedSuppression,` entry to insert before; register the rule by hand");
lines.splice(last, 0, `  ${camel},`);
writeFileSync(registryPath, lines.join("\n"));
written.push("packages/rules/src/registry.ts (registered)");

console.log(`new-rule: ${id}\n${written.map((p) => `  ${p}`).join("\n")}
Next (CONTRIBUTING.md, "Adding a rule"): replace the TODOs and the placeholder trigger "${TRIGGER}" in the rule,
its docs and fixtures; then \`pnpm exec vitest run packages/rules\` and \`pnpm test\`.`);
