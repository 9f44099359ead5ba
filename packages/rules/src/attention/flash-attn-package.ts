import { ancestors, callNamedAt, namedChildrenOf, type ImportMap, type SyntaxNode } from "@gpu-compat/python";
import { minimumCapability, requiredCapability, type Target } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { gpuLabel } from "../shared/messages.js";
import { sdpaFallback } from "../shared/sdpa-backends.js";
import type { PythonRuleContext } from "../types.js";

const SDPA_NAME = "torch.nn.functional.scaled_dot_product_attention";
const SDPA = `\`${SDPA_NAME}\``;
const LAYOUT = "flash_attn takes (batch, seqlen, heads, dim) and SDPA (batch, heads, seqlen, dim), so transpose(1, 2) on the way in and out";
const DENSE_CALL = `\`${SDPA_NAME}(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2), dropout_p=..., is_causal=causal, scale=softmax_scale).transpose(1, 2)\``;

/** flash_attn's attention functions, with how each maps onto SDPA. */
const FLASH_FUNCTIONS: Readonly<Record<string, string>> = {
  flash_attn_func: `Use ${DENSE_CALL}: ${LAYOUT}.`,
  flash_attn_qkvpacked_func: `Split the packed (batch, seqlen, 3, heads, dim) tensor with \`q, k, v = qkv.unbind(dim=2)\`, then use ${DENSE_CALL}: ${LAYOUT}.`,
  flash_attn_kvpacked_func: `Split the packed (batch, seqlen, 2, heads, dim) tensor with \`k, v = kv.unbind(dim=2)\`, then use ${DENSE_CALL}: ${LAYOUT}.`,
  flash_attn_varlen_func: `${SDPA} has no variable-length form: pad the packed sequences to (batch, heads, seqlen, dim) and pass a boolean \`attn_mask\` (or loop over the sequences).`,
  flash_attn_varlen_qkvpacked_func: `${SDPA} has no variable-length form: unpack qkv, pad the sequences to (batch, heads, seqlen, dim) and pass a boolean \`attn_mask\`.`,
  flash_attn_varlen_kvpacked_func: `${SDPA} has no variable-length form: unpack kv, pad the sequences to (batch, heads, seqlen, dim) and pass a boolean \`attn_mask\`.`,
  flash_attn_with_kvcache: `Keep the KV cache in (batch, heads, seqlen, dim) layout, append the new keys and values with \`torch.cat\`, and call ${SDPA} on the cache.`,
};

/** flash_attn modules that hold plain PyTorch code (padding helpers), which runs on any GPU. */
const PURE_PYTORCH_MODULES = new Set(["flash_attn.bert_padding"]);

/** Conditions that only ask whether the flash-attn package is installed. */
const PACKAGE_CHECK = /\bis_flash_attn\w*_available\b|\bis_flash_attn_greater_or_equal\w*|find_spec\(\s*["']flash_attn["']/;

/** Exceptions whose handler makes a failed import optional. */
const IMPORT_ERRORS = /\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b/;

export const flashAttnPackage = defineRule({
  id: "flash-attn-package",
  title: "The flash-attn package on a GPU before Ampere",
  category: "attention",
  severity: "error",
  fixable: "never",
  lacks: "flashAttention2",
  triggers: ["flash_attn"],
  // Python findings are imports of flash_attn and calls whose qualified name starts with it: both need the module's
  // name where a dotted name starts, not a setting such as `model_args.flash_attn` or a string.
  mayMatch: (scan) => scan.hasLeadingName("flash_attn"),
  checks: {
    shell: {
      triggers: ["flash-attn", "flash_attn"],
      run(context) {
        // `pip install flash-attn`, `python -m pip install ...`, and so notebook `!pip install` lines.
        for (const command of context.document.commands()) {
          const words = [command.name, ...command.args].map((w) => w.value);
          const pip = words.findIndex((w) => /(^|\/)pip3?$/.test(w) || w === "pip");
          if (pip === -1 || words[pip + 1] !== "install" || context.document.guardOf(command.node)) continue;
          for (const word of [command.name, ...command.args].slice(pip + 2)) {
            if (!/^flash[-_]attn\b/i.test(word.value)) continue;
            context.report({
              start: word.start,
              end: word.end,
              severity: "warning",
              message: `${why(context.target)} Installing it only costs time: pip often builds it from source, which takes long and needs nvcc.`,
              hint: "Drop flash-attn from this install for this GPU; transformers uses PyTorch SDPA (`attn_implementation=\"sdpa\"`) without it.",
            });
          }
        }
      },
    },
    requirements: {
      triggers: ["flash-attn", "flash_attn"],
      run(context) {
        for (const requirement of context.document.find("flash-attn")) {
          context.report({
            start: requirement.start,
            end: requirement.end,
            severity: "warning",
            message: `${why(context.target)} Installing it only costs time: pip builds it from source when no wheel matches, which takes long and needs nvcc.`,
            hint: "Drop flash-attn from the requirements for this GPU; transformers uses PyTorch SDPA (`attn_implementation=\"sdpa\"`) without it.",
          });
        }
      },
    },
    python: {
      run(context) {
        const { source } = context;
        for (const statement of source.imports.statements) checkImport(context, statement);
        const seen = new Set<number>();
        for (const name of callableNames(source.imports)) {
          for (const node of source.occurrences(name)) {
            const found = flashAttnCall(node, source.imports);
            if (!found || seen.has(found.call.startIndex)) continue;
            seen.add(found.call.startIndex);
            checkCall(context, found.call, found.name);
          }
        }
      },
    },
  },
});

function why(target: Target): string {
  return `flash-attn's kernels need an Ampere or newer GPU (compute capability ${requiredCapability("flashAttention2")}): on ${gpuLabel(target)} its attention calls raise "FlashAttention only supports Ampere GPUs or newer."`;
}

function sdpaNote(target: Target): string {
  return `PyTorch's ${SDPA} computes the same attention and runs there through its ${sdpaFallback(target).label} kernel`;
}

/** Modules an import statement reads from flash_attn (`import flash_attn`, `from flash_attn.x import y`). */
function flashAttnModules(statement: SyntaxNode): string[] {
  const modules: string[] = [];
  if (statement.type === "import_statement") {
    for (const child of namedChildrenOf(statement)) {
      const name = child.type === "aliased_import" ? child.childForFieldName("name") : child;
      if (name?.type === "dotted_name") modules.push(name.text.replace(/\s+/g, ""));
    }
  } else {
    const module = statement.childForFieldName("module_name");
    if (module?.type === "dotted_name") modules.push(module.text.replace(/\s+/g, ""));
  }
  return modules.filter((m) => m === "flash_attn" || m.startsWith("flash_attn."));
}

function checkImport(context: PythonRuleContext, statement: SyntaxNode): void {
  const modules = flashAttnModules(statement);
  if (modules.length === 0 || modules.every((m) => PURE_PYTORCH_MODULES.has(m))) return;
  // An optional import is the library being optional: the calls, if any, carry the finding.
  if (isOptionalImport(statement) || context.source.guards.guardOf(statement)) return;
  const { target } = context;
  context.report({
    start: statement.startIndex,
    end: statement.endIndex,
    severity: "warning",
    message: `${why(target)}; ${sdpaNote(target)}.`,
    hint: `Replace the flash_attn calls with ${SDPA} (mind the layout: ${LAYOUT}), then drop this import and flash-attn from the requirements.`,
  });
}

/** Inside `try:` with an ImportError handler, or under a check that flash-attn is installed. */
function isOptionalImport(statement: SyntaxNode): boolean {
  let child = statement;
  for (const parent of ancestors(statement)) {
    if (parent.type === "try_statement" && parent.childForFieldName("body")?.startIndex === child.startIndex && catchesImportError(parent)) return true;
    if (parent.type === "if_statement" || parent.type === "elif_clause") {
      const condition = parent.childForFieldName("condition");
      if (condition && !within(child, condition) && PACKAGE_CHECK.test(condition.text)) return true;
    }
    child = parent;
  }
  return false;
}

function catchesImportError(tryStatement: SyntaxNode): boolean {
  return namedChildrenOf(tryStatement).some((clause) => {
    if (clause.type !== "except_clause") return false;
    const caught = clause.childForFieldName("value");
    return !caught || IMPORT_ERRORS.test(caught.text);
  });
}

function within(node: SyntaxNode, container: SyntaxNode): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** The names a flash_attn function can be called by here: its own, and any local alias (`as packed_attn`). */
function callableNames(imports: ImportMap): Set<string> {
  const names = new Set(Object.keys(FLASH_FUNCTIONS));
  for (const [local, target] of imports.bindings) {
    if (target.startsWith("flash_attn.") && target.split(".").pop()! in FLASH_FUNCTIONS) names.add(local);
  }
  return names;
}

/** The call of a flash_attn function at `node` (`flash_attn_func(...)`, `flash_attn.flash_attn_func(...)`). */
function flashAttnCall(node: SyntaxNode, imports: ImportMap): { call: SyntaxNode; name: string } | null {
  const found = callNamedAt(node);
  const qualified = found && imports.qualifiedName(found.callee);
  const name = qualified?.split(".").pop();
  return found && qualified?.startsWith("flash_attn.") && name && name in FLASH_FUNCTIONS ? { call: found.call, name } : null;
}

function checkCall(context: PythonRuleContext, call: SyntaxNode, name: string): void {
  const { source, target } = context;
  if (source.guards.guardOf(call)) return;
  const fn = call.childForFieldName("function")!;
  const bindings = bindingStatements(source.imports, rootName(fn));
  const optional = bindings.length > 0 && bindings.every(isOptionalImport);
  context.report({
    start: call.startIndex,
    end: call.endIndex,
    ...(optional ? { severity: "info" as const } : {}),
    message: optional
      ? `${why(target)}; the import is optional, but that only checks that flash-attn is installed, not that the GPU can run it.`
      : `${why(target)}; ${sdpaNote(target)}.`,
    hint: optional
      ? `Call flash_attn only when \`torch.cuda.get_device_capability()[0] >= ${minimumCapability("flashAttention2").major}\`, and take the SDPA path otherwise. ${FLASH_FUNCTIONS[name]!}`
      : FLASH_FUNCTIONS[name]!,
  });
}

function rootName(expression: SyntaxNode): string {
  let node = expression;
  while (node.type === "attribute") node = node.childForFieldName("object")!;
  return node.text;
}

/** The import statements that bind a local name (several when a fallback import rebinds it). */
function bindingStatements(imports: ImportMap, local: string): SyntaxNode[] {
  return imports.statements.filter((statement) => {
    const module = statement.childForFieldName("module_name");
    return namedChildrenOf(statement).some((child) => {
      if (statement.type === "import_from_statement" && child.startIndex === module?.startIndex) return false;
      if (child.type === "aliased_import") return child.childForFieldName("alias")?.text === local;
      return child.type === "dotted_name" && child.text.split(".")[0]!.trim() === local;
    });
  });
}
