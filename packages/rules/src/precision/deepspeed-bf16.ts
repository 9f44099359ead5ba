import { requiredCapability } from "@gpu-compat/targets";
import type { ConfigEntry, ConfigSource } from "@gpu-compat/config";
import type { TextEdit } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { allEdits, entryRange } from "../shared/config-entries.js";
import { noBf16Reason } from "../shared/messages.js";
import { FP16_RISK, mixedPrecisionFor } from "../shared/precision-policy.js";
import type { DocumentRuleContext } from "../types.js";

type Context = DocumentRuleContext<ConfigSource>;

export const deepspeedBf16 = defineRule({
  id: "deepspeed-bf16",
  title: "bf16 mixed precision in a DeepSpeed config on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["bf16", "bfloat16"],
  checks: {
    config: {
      // It reads the block's `enabled`.
      needsOneOf: ["enabled"],
      run(context) {
        const { document } = context;
        if (document.kind !== "deepspeed") return;
        // DeepSpeed reads `bf16`, and the old `bfloat16` spelling only when there is no `bf16` block.
        const block = document.key(["bf16"]) ? "bf16" : "bfloat16";
        const enabled = document.get([block, "enabled"]);
        // `"enabled": "auto"` lets the Hugging Face integration fill it in from TrainingArguments: left alone.
        if (enabled?.value === true) checkBlock(context, block, enabled);
      },
    },
  },
});

function checkBlock(context: Context, block: string, enabled: ConfigEntry): void {
  const { document, target } = context;
  const blockKey = document.key([block])!;
  const range = { start: blockKey.keyStart, end: entryRange(enabled).end };
  const why = `DeepSpeed's bf16 mode (\`${block}.enabled\` is true): ${noBf16Reason(target)}`;
  const report = (message: string, edits: (TextEdit | undefined)[], hint: string) => {
    const fix = allEdits(edits);
    context.report(fix ? { ...range, message, fix } : { ...range, message: `${why}.`, hint });
  };

  const choice = mixedPrecisionFor(target, context.precision, document.text);
  if (choice.mode === "fp32") {
    const fp16Too = target.gpu.features.fp16TensorCores || context.precision !== "auto" ? choice.float32Because : `DeepSpeed refuses fp16 below compute capability ${requiredCapability("fp16TensorCores")} too, so`;
    report(`${why}. ${fp16Too} bf16 is disabled and training runs in float32.`, [document.replaceValue(enabled, false)], `Set \`${block}.enabled\` to false.`);
    return;
  }
  const fp16 = document.key(["fp16"]);
  if (!fp16) {
    // An fp16 block accepts none of the bf16-only keys (DeepSpeed's config models forbid unknown keys).
    if (document.keysOf([block]).every((key) => key === "enabled")) {
      report(
        `${why}; renamed to an fp16 block: fp16 mixed precision with dynamic loss scaling (\`loss_scale\` 0 is DeepSpeed's default) on its fp16 tensor cores (${FP16_RISK}).`,
        [document.renameKey(blockKey, "fp16")],
        `Rename the \`${block}\` block to \`fp16\`.`,
      );
    } else {
      context.report({
        ...range,
        message: `${why}.`,
        hint: `Replace the \`${block}\` block with \`"fp16": {"enabled": true}\` (dynamic loss scaling by default); its other keys (${document
          .keysOf([block])
          .filter((key) => key !== "enabled")
          .join(", ")}) exist only for bf16.`,
      });
    }
    return;
  }
  const fp16Enabled = fp16.holds === "mapping" ? document.get(["fp16", "enabled"]) : undefined;
  const off = document.replaceValue(enabled, false);
  if (fp16Enabled?.value === true) {
    report(`${why}; the fp16 block is already enabled, so bf16 is disabled (DeepSpeed refuses both at once).`, [off], `Set \`${block}.enabled\` to false.`);
  } else if (fp16Enabled?.value === false) {
    report(`${why}; the fp16 block is enabled instead: fp16 mixed precision with its loss scaling settings, on its fp16 tensor cores.`, [off, document.replaceValue(fp16Enabled, true)], `Set \`${block}.enabled\` to false and \`fp16.enabled\` to true.`);
  } else if (fp16Enabled?.value === "auto") {
    report(
      `${why}; bf16 is disabled and the fp16 block stays "auto": the Hugging Face Trainer turns it on from \`fp16=True\` (what trainer-bf16 writes on this GPU).`,
      [off],
      `Set \`${block}.enabled\` to false.`,
    );
  } else {
    context.report({ ...range, message: `${why}.`, hint: `Set \`${block}.enabled\` to false and \`fp16.enabled\` to true.` });
  }
}
