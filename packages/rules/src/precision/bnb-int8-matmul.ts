import { callOfArgument, isTrue, stringValue, type SyntaxNode } from "@gpu-compat/python";
import { meets, requiredCapability, type Target } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { entryRange, entryText } from "../shared/config-entries.js";
import { gpuLabel } from "../shared/messages.js";
import { mixedPrecisionMode } from "../shared/precision-policy.js";
import { flagBoolean, lastUse, pythonLaunches, useRange, useText } from "../shared/shell-flags.js";
import type { PrecisionChoice, RuleContextBase } from "../types.js";

/** The lowest compute capability bitsandbytes runs on at all (its 4-bit kernels); LLM.int8() needs more. */
const BNB_MIN_CC = requiredCapability("bitsandbytes");

const KEY = "load_in_8bit";

export const bnbInt8Matmul = defineRule({
  id: "bnb-int8-matmul",
  title: "bitsandbytes 8-bit loading (LLM.int8()) on a GPU older than Turing",
  category: "precision",
  severity: "warning",
  fixable: "never",
  appliesWhen: `the target's compute capability is below ${requiredCapability("bitsandbytesInt8Matmul")}, which LLM.int8() needs (V100, P100, K80)`,
  appliesTo: (target) => !meets(target, "bitsandbytesInt8Matmul"),
  triggers: [KEY],
  checks: {
    python: {
      run(context) {
        const { source } = context;
        for (const node of source.occurrences(KEY)) {
          const value = int8Value(node);
          if (!value || !isTrue(value) || source.guards.guardOf(value)) continue;
          const call = node.parent?.type === "keyword_argument" ? callOfArgument(node.parent) : null;
          const inConfig = !!call && (source.imports.qualifiedName(call.childForFieldName("function")!)?.endsWith("BitsAndBytesConfig") ?? false);
          report(context, { start: node.startIndex, end: value.endIndex }, `\`${KEY}=True\``, fourBitPython(context, inConfig));
        }
      },
    },
    config: {
      triggers: [KEY, "quantization_bit"],
      run(context) {
        const { document } = context;
        if (document.kind === "axolotl" || document.kind === "training-arguments") {
          const entry = document.get([KEY]);
          if (entry?.value !== true) return;
          const suggestion =
            document.kind === "axolotl"
              ? "`load_in_4bit: true` with `adapter: qlora` (Axolotl's QLoRA, NF4 weights)"
              : "`load_in_4bit: true` (TRL's `bnb_4bit_quant_type` defaults to `nf4`)";
          report(context, entryRange(entry), `\`${entryText(document, entry)}\``, `Quantize to 4 bits instead, which bitsandbytes runs from compute capability ${BNB_MIN_CC}: ${suggestion}.`);
        } else if (document.kind === "llama-factory") {
          const entry = document.get(["quantization_bit"]);
          const method = document.get(["quantization_method"])?.value;
          // Only bitsandbytes' 8 bits is LLM.int8(); HQQ and EETQ quantize with their own kernels.
          if (entry?.value !== 8 || (method !== undefined && method !== "bitsandbytes" && method !== "bnb")) return;
          report(context, entryRange(entry), `\`${entryText(document, entry)}\``, `Use \`quantization_bit: 4\` instead (NF4 by LLaMA-Factory's default \`quantization_type: nf4\`), which bitsandbytes runs from compute capability ${BNB_MIN_CC}.`);
        }
      },
    },
    shell: {
      run(context) {
        for (const launch of pythonLaunches(context.document)) {
          const use = lastUse(launch.args, KEY);
          if (!use || flagBoolean(use) !== true) continue;
          report(context, useRange(use), `\`${useText(context.document, use)}\``, `Pass \`--load_in_4bit\` instead where the script has it (TRL's scripts and most QLoRA scripts do): 4-bit NF4, which bitsandbytes runs from compute capability ${BNB_MIN_CC}.`);
        }
      },
    },
  },
});

/** The value set for `load_in_8bit`: a keyword argument's (`load_in_8bit=True`) or a dict pair's (`"load_in_8bit": True`). */
function int8Value(node: SyntaxNode): SyntaxNode | null {
  const holder = node.parent;
  if (node.type === "identifier" && holder?.type === "keyword_argument" && holder.childForFieldName("name")?.startIndex === node.startIndex) {
    return holder.childForFieldName("value");
  }
  const pair = holder?.parent;
  if (node.type === "string_content" && pair?.type === "pair" && pair.childForFieldName("key")?.startIndex === holder!.startIndex && stringValue(holder!) === KEY) {
    return pair.childForFieldName("value");
  }
  return null;
}

/** The 4-bit replacement in Python, with the compute dtype of the project's precision policy. */
function fourBitPython(context: RuleContextBase, inConfig: boolean): string {
  const dtype = computeDtype(context.target, context.precision);
  const config = `BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.${dtype})`;
  const written = inConfig ? `\`${config}\`` : `\`quantization_config=${config}\``;
  return `Load in 4 bits instead, which bitsandbytes runs from compute capability ${BNB_MIN_CC}: ${written} (half the weight memory of 8 bits).`;
}

/** float16 compute where fp16 tensor cores exist (V100), float32 on the P100 (the project's precision policy). */
function computeDtype(target: Target, precision: PrecisionChoice): "float16" | "float32" {
  return mixedPrecisionMode(target, precision) === "fp16" ? "float16" : "float32";
}

function report(context: RuleContextBase, range: { start: number; end: number }, what: string, fourBitHint: string): void {
  const { target } = context;
  if (!meets(target, "bitsandbytes")) {
    context.report({
      ...range,
      severity: "error",
      message: `${what} needs bitsandbytes, which supports compute capability ${BNB_MIN_CC} and newer and ships no Kepler binaries since 0.39.1, so ${gpuLabel(target)} cannot load this model in 8 (or 4) bits.`,
      hint: "Load the model without bitsandbytes on this GPU: float16 weights when the model fits in 16 bits, else a smaller model.",
    });
    return;
  }
  context.report({
    ...range,
    message: `${what} runs bitsandbytes' LLM.int8() matrix multiplication, which needs compute capability ${requiredCapability("bitsandbytesInt8Matmul")} (Turing) or newer; on ${gpuLabel(target)} bitsandbytes stops with "Your GPU does not support Int8 Matmul!" or, in other releases, falls back to a slow 8-bit matmul.`,
    hint: fourBitHint,
  });
}
