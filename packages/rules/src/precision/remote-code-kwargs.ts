import { isTrue, keywordArgument, keywordValue, type SyntaxNode } from "@gpu-compat/python";
import { requiredCapability } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { keywordArgumentsNamed } from "../shared/library-dtype.js";
import { isModelLoadCall, loadDtypeFor } from "../shared/load-dtype.js";
import { gpuLabel, noBf16Reason, rewriteMessage } from "../shared/messages.js";
import type { PythonRuleContext } from "../types.js";

/**
 * Remote-code models in the style of Qwen-1 (`QWenConfig`) read their precision and attention from config fields
 * that `from_pretrained(..., trust_remote_code=True, bf16=True, use_flash_attn=True)` sets: `bf16`/`fp16`/`fp32`
 * pick the weights' dtype, `use_flash_attn` turns on the flash-attn package.
 */
const DTYPE_FLAGS = { float16: "fp16", float32: "fp32" } as const;

export const remoteCodeKwargs = defineRule({
  id: "remote-code-kwargs",
  title: "bf16=True or use_flash_attn=True passed to a trust_remote_code model load (Qwen-1 style) on a GPU without them",
  category: "precision",
  severity: "warning",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["trust_remote_code"],
  // Its findings are `bf16=` and `use_flash_attn=` keywords: a remote-code load without them has nothing to report.
  mayMatch: (scan) => scan.inCode("bf16") || scan.inCode("use_flash_attn"),
  checks: {
    python: {
      run(context) {
        for (const name of ["bf16", "use_flash_attn"] as const) {
          for (const { argument, call, value } of keywordArgumentsNamed(context.source, name)) {
            if (!isTrue(value) || !isRemoteCodeLoad(call) || context.source.guards.guardOf(argument)) continue;
            if (name === "bf16") reportBf16(context, call, argument);
            else reportFlashAttn(context, value);
          }
        }
      },
    },
  },
});

/** Classes whose `from_pretrained` loads no weights: they ignore the model's keywords (Qwen's eval scripts pass them). */
const NOT_A_MODEL = /(?:Tokenizer(?:Fast)?|Processor|Config|GenerationConfig)$/;

/** `X.from_pretrained(..., trust_remote_code=True)` of a model: the model's own code reads the extra keywords. */
function isRemoteCodeLoad(call: SyntaxNode): boolean {
  const trust = keywordArgument(call, "trust_remote_code");
  const fn = call.childForFieldName("function");
  const owner = fn?.type === "attribute" ? fn.childForFieldName("object")?.text ?? "" : "";
  return isModelLoadCall(call) && !NOT_A_MODEL.test(owner) && !!trust && isTrue(keywordValue(trust));
}

function reportBf16(context: PythonRuleContext, call: SyntaxNode, argument: SyntaxNode): void {
  const name = argument.childForFieldName("name")!;
  const range = { start: argument.startIndex, end: argument.endIndex };
  const asks = `\`bf16=True\` makes this remote-code model load its weights in bfloat16, but ${noBf16Reason(context.target)}`;
  const load = loadDtypeFor(context, call);
  const flag = DTYPE_FLAGS[load.dtype];
  const note = load.note ? ` ${load.note}` : "";
  if (load.hintOnly) {
    context.report({ ...range, message: `${asks}.${note}`, hint: `${load.hint!} The model's config takes \`fp16=True\` or \`fp32=True\` instead.` });
  } else if (keywordArgument(call, "fp16") || keywordArgument(call, "fp32")) {
    context.report({ ...range, message: `${asks}.${note}`, hint: `Set \`${flag}=True\` and drop \`bf16=True\` (the call already passes another precision flag, which is left to you).` });
  } else {
    context.report({ ...range, ...rewriteMessage(asks, `${flag}=True (${load.dtype})`, note), fix: [{ start: name.startIndex, end: name.endIndex, text: flag }] });
  }
}

function reportFlashAttn(context: PythonRuleContext, value: SyntaxNode): void {
  context.report({
    start: value.startIndex,
    end: value.endIndex,
    message: `\`use_flash_attn=True\` makes this remote-code model call the flash-attn package, whose FlashAttention-2 kernels need compute capability ${requiredCapability("flashAttention2")} ("FlashAttention only supports Ampere GPUs or newer."), which ${gpuLabel(context.target)} lacks; using False, the model's own attention.`,
    fix: [{ start: value.startIndex, end: value.endIndex, text: "False" }],
  });
}
