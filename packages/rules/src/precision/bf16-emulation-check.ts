import { callNamedAt, keywordArgument, sameNode, type SyntaxNode, type TextEdit } from "@gpu-compat/python";
import { requiredCapability } from "@gpu-compat/targets";
import { defineRule, messageTemplates } from "../define.js";
import { appendArgumentEdits } from "../memory/insert-keyword.js";
import { gpuLabel } from "../shared/messages.js";
import type { PythonRuleContext } from "../types.js";

/** ptxas' refusal of bf16 code for a GPU below Ampere, quoted verbatim (`torch.compile` on a T4). */
const PTXAS_BF16_ERROR = `"Feature '.bf16' requires .target sm_80"`;

const EMULATED = "On {{gpu}} this check can return True: PyTorch 2.3+ counts emulated bf16 as supported (`including_emulation` defaults to True)";

const MESSAGES = messageTemplates({
  guardsCode: `${EMULATED}, so code it guards runs as if bf16 were native.`,
  choosesBf16: `${EMULATED}, so the bf16 it chooses runs emulated, 10-50x slower (and \`torch.compile\` fails in ptxas with {{ptxasError}}); asking for native bf16 makes it choose the other precision here (PyTorch 2.3+).`,
});

export const bf16EmulationCheck = defineRule({
  id: "bf16-emulation-check",
  title: "torch.cuda.is_bf16_supported() counts emulated bf16 as support",
  category: "precision",
  severity: "info",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["is_bf16_supported"],
  messages: MESSAGES.templates,
  checks: {
    python: {
      run(context) {
        for (const node of context.source.occurrences("is_bf16_supported")) {
          if (node.type === "identifier") checkCall(context, node);
        }
      },
    },
  },
});

// Names of what a check decides when its answer picks the precision: `use_bf16 = ...`, `dtype=... if ... else ...`.
const PRECISION_NAME = /bf16|bfloat16|fp16|float16|half|dtype|precision|amp/i;
const BF16_TEXT = /bf16|bfloat16/i;

function checkCall(context: PythonRuleContext, name: SyntaxNode): void {
  const found = callNamedAt(name);
  if (!found || context.source.imports.qualifiedName(found.callee) !== "torch.cuda.is_bf16_supported") return;
  const { call } = found;
  if (keywordArgument(call, "including_emulation")) return;
  const range = { start: call.startIndex, end: call.endIndex };
  const gpu = gpuLabel(context.target);
  const pin = context.project.requirementPin?.("torch");
  if (pin !== undefined && pinnedBelow(pin, [2, 3])) return; // older torch answers False here and has no such keyword
  if (!selectsBf16(call)) {
    context.report({ ...range, ...MESSAGES.render("guardsCode", { gpu }), hint: `Pass \`including_emulation=False\` to ask for native bf16 (compute capability ${requiredCapability("bf16")} or newer).` });
    return;
  }
  context.report({
    ...range,
    severity: "warning",
    ...MESSAGES.render("choosesBf16", { gpu, ptxasError: PTXAS_BF16_ERROR }),
    fix: emulationOffEdits(context.source.text, call),
  });
}

/**
 * Whether the check's answer picks bf16: the condition of an `if` or `... if ... else ...` with bf16 in a branch,
 * the value of a precision keyword (`bf16=`), assignment (`use_bf16 =`) or function (`def use_bf16(): return`).
 */
function selectsBf16(call: SyntaxNode): boolean {
  let node = call;
  while (node.parent && ["not_operator", "boolean_operator", "parenthesized_expression"].includes(node.parent.type)) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case "conditional_expression":
      return sameNode(parent.namedChildren[1], node) && BF16_TEXT.test(parent.text);
    case "if_statement":
    case "elif_clause":
      return sameNode(parent.childForFieldName("condition"), node) && BF16_TEXT.test(parent.text);
    case "keyword_argument":
      return PRECISION_NAME.test(parent.childForFieldName("name")?.text ?? "");
    case "assignment":
      return sameNode(parent.childForFieldName("right"), node) && PRECISION_NAME.test(parent.childForFieldName("left")?.text ?? "");
    case "return_statement": {
      let fn = parent.parent;
      while (fn && fn.type !== "function_definition") fn = fn.parent;
      return PRECISION_NAME.test(fn?.childForFieldName("name")?.text ?? "");
    }
    default:
      return false;
  }
}

/** `is_bf16_supported()` -> `is_bf16_supported(including_emulation=False)`, in the call's own layout. */
function emulationOffEdits(text: string, call: SyntaxNode): TextEdit[] {
  const keyword = "including_emulation=False";
  // appendArgumentEdits takes the layout from the last argument; `is_bf16_supported()` has none.
  const list = call.childForFieldName("arguments")!;
  return appendArgumentEdits(text, call, keyword) ?? [{ start: list.startIndex + 1, end: list.endIndex - 1, text: keyword }];
}

/** Whether a version specifier (`==2.1.2`, `<2.3`, `>=2.0,<=2.2.1`, `~=2.1.0`) allows only versions below `floor`. */
export function pinnedBelow(spec: string, floor: readonly number[]): boolean {
  const parse = (version: string) => version.split(".").map((part) => Number.parseInt(part, 10) || 0);
  // -1, 0, 1 as a is below, equal to, above b, over b's first `length` parts.
  const compare = (a: number[], length = Math.max(a.length, floor.length)) => {
    for (let i = 0; i < length; i++) if ((a[i] ?? 0) !== (floor[i] ?? 0)) return (a[i] ?? 0) < (floor[i] ?? 0) ? -1 : 1;
    return 0;
  };
  return spec.split(",").some((clause) => {
    const match = /^(==|<=|<|~=)\s*([\d.*]+)/.exec(clause.trim());
    if (!match) return false;
    const version = parse(match[2]!);
    switch (match[1]) {
      case "<":
        return compare(version) <= 0;
      case "~=": {
        // `~=2.1.0` is `>=2.1.0, ==2.1.*`: every version starts with the prefix.
        const prefix = version.slice(0, -1);
        return compare(prefix, prefix.length) < 0;
      }
      default:
        return compare(version) < 0;
    }
  });
}
