import type { ConfigEntry, ConfigSource } from "@gpu-compat/config";
import { isFalse, isTrue, keywordArgument, keywordValue, removeArgumentEdit, type SyntaxNode, type TextEdit } from "@gpu-compat/python";
import type { PythonLaunch, ShellSource } from "@gpu-compat/shell";
import { defineRule } from "../define.js";
import { allEdits, asTrainingArgument, entryRange, entryText, removeOrSet, TRAINER_CONFIG_MARKERS, TRAINER_CONFIGS } from "../shared/config-entries.js";
import { noBf16Reason } from "../shared/messages.js";
import { FP16_RISK, mixedPrecisionFor } from "../shared/precision-policy.js";
import { flagBoolean, lastUse, pythonLaunches, turnedOff, turnOffEdit, useRange, useText, valueEdit } from "../shared/shell-flags.js";
import { scriptTakesFlag } from "../shared/launched-script.js";
import { maySetTrue } from "../shared/dtype-tests.js";
import { TRAINING_ARGUMENTS_CLASSES, trainingArgumentsKeyword } from "../shared/training-args.js";
import type { DocumentRuleContext, PythonRuleContext } from "../types.js";

/** Each bf16 switch of TrainingArguments and its fp16 counterpart: training, and evaluation in half precision. */
const FLAGS = [
  { bf16: "bf16", fp16: "fp16", what: "fp16 mixed precision (float16 autocast with loss scaling; the weights keep the dtype they were loaded in, which must be float32 for full fine-tuning)" },
  { bf16: "bf16_full_eval", fp16: "fp16_full_eval", what: "float16 evaluation" },
] as const;

type Flag = (typeof FLAGS)[number];

export const trainerBf16 = defineRule({
  id: "trainer-bf16",
  title: "bf16 mixed precision in TrainingArguments on a GPU without bf16",
  category: "precision",
  severity: "error",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["bf16"],
  // Its Python findings are `bf16=True` (or `bf16_full_eval=True`) keywords of a call whose name, or the import
  // that binds it, spells a TrainingArguments class: a flag read (`if args.bf16:`) is no such keyword.
  mayMatch: (scan) => FLAGS.some((flag) => maySetTrue(scan, flag.bf16)) && [...TRAINING_ARGUMENTS_CLASSES].some((name) => scan.inCode(name)),
  checks: {
    config: {
      // `base_model` as a key: an Axolotl config that sets no precision at all (checkAxolotlDefault). Spelled with
      // what may follow a key, so that `base_model_name_or_path` (every PEFT adapter_config.json) is no trigger.
      triggers: ["bf16", "bfloat16", "base_model:", "base_model ", "base_model\t", 'base_model"', "base_model'"],
      needsOneOf: TRAINER_CONFIG_MARKERS,
      run(context) {
        if (!TRAINER_CONFIGS.has(context.document.kind)) return;
        for (const flag of FLAGS) {
          // Axolotl has no `bf16_full_eval`; it spells it `bf16: full`.
          if (flag.bf16 === "bf16_full_eval" && context.document.kind === "axolotl") continue;
          const entry = context.document.get([flag.bf16]);
          if (entry?.value === true) checkConfigFlag(context, entry, flag);
        }
        const auto = context.document.kind === "axolotl" ? context.document.get(["bf16"]) : undefined;
        if (auto?.value === "auto") checkAxolotlAuto(context, auto);
        if (context.document.kind === "axolotl") checkAxolotlDefault(context);
        hintPureBf16(context);
      },
    },
    shell: {
      run(context) {
        for (const launch of pythonLaunches(context.document)) {
          for (const flag of FLAGS) checkShellFlag(context, launch, flag);
        }
      },
    },
    python: {
      run(context) {
        for (const flag of FLAGS) {
          for (const node of context.source.occurrences(flag.bf16)) {
            if (node.type !== "identifier") continue;
            const found = trainingArgumentsKeyword(node, context.source.imports);
            if (found) checkBf16Argument(context, found.argument, found.call, flag);
          }
        }
      },
    },
  },
});

function checkBf16Argument(context: PythonRuleContext, argument: SyntaxNode, call: SyntaxNode, flag: Flag): void {
  const { source, target } = context;
  if (!isTrue(keywordValue(argument)) || source.guards.guardOf(argument)) return;
  const range = { start: argument.startIndex, end: argument.endIndex };
  // Older transformers refuse bf16 here; newer ones ask torch.cuda.is_bf16_supported(), which counts emulation.
  const why = `\`${flag.bf16}=True\` either stops transformers with "Your setup doesn't support bf16/gpu" or, in newer versions, trains with emulated bf16: ${noBf16Reason(target)}`;

  const choice = mixedPrecisionFor(target, context.precision, source.text);
  if (choice.mode === "fp32") {
    context.report({
      ...range,
      message: `${why}. ${choice.float32Because} ${flag.bf16 === "bf16" ? "training" : "evaluation"} runs in float32.`,
      fix: [removeArgumentEdit(source.text, argument)],
    });
    return;
  }
  const fp16 = keywordArgument(call, flag.fp16);
  const fp16Value = fp16 && keywordValue(fp16);
  if (!fp16) {
    const name = argument.childForFieldName("name")!;
    context.report({ ...range, message: `${why}; using ${flag.what} on its fp16 tensor cores (${FP16_RISK}).`, fix: [{ start: name.startIndex, end: name.endIndex, text: flag.fp16 }] });
  } else if (isTrue(fp16Value)) {
    context.report({ ...range, message: `${why}; \`${flag.fp16}=True\` is already set, so \`${flag.bf16}=True\` is removed.`, fix: [removeArgumentEdit(source.text, argument)] });
  } else if (isFalse(fp16Value) && fp16Value) {
    context.report({
      ...range,
      message: `${why}; using ${flag.what} on its fp16 tensor cores (${FP16_RISK}).`,
      fix: [removeArgumentEdit(source.text, argument), { start: fp16Value.startIndex, end: fp16Value.endIndex, text: "True" }],
    });
  } else {
    context.report({ ...range, message: `${why}.`, hint: `Set \`${flag.bf16}=False\` and \`${flag.fp16}=True\` for this GPU (\`${flag.fp16}\` is computed here, so it is not rewritten).` });
  }
}

/** `bf16: true` in an Axolotl, LLaMA-Factory or TrainingArguments config: the same policy as the keyword. */
function checkConfigFlag(context: DocumentRuleContext<ConfigSource>, entry: ConfigEntry, flag: Flag): void {
  const { document, target } = context;
  const range = entryRange(entry);
  const written = entryText(document, entry);
  const why = `\`${written}\` ${asTrainingArgument(document, `${flag.bf16}=True`)}, which either stops with "Your setup doesn't support bf16/gpu" or, in newer versions, trains with emulated bf16: ${noBf16Reason(target)}`;
  const hint = (edits: string) => context.report({ ...range, message: `${why}.`, hint: edits });

  const choice = mixedPrecisionFor(target, context.precision, document.text);
  if (choice.mode === "fp32") {
    const fix = allEdits([document.replaceValue(entry, false)]);
    const message = `${why}. ${choice.float32Because} ${flag.bf16 === "bf16" ? "training" : "evaluation"} runs in float32.`;
    context.report(fix ? { ...range, message, fix } : { ...range, message, hint: `Set \`${flag.bf16}\` to false.` });
    return;
  }
  const using = `${why}; using ${flag.what} on its fp16 tensor cores (${FP16_RISK}).`;
  if (!document.key([flag.fp16])) {
    const fix = allEdits([document.renameKey(entry, flag.fp16)]);
    if (fix) context.report({ ...range, message: using, fix });
    else hint(`Replace \`${flag.bf16}\` with \`${flag.fp16}\` for this GPU.`);
    return;
  }
  const fp16 = document.get([flag.fp16]);
  if (fp16?.value === true) {
    const fix = allEdits([removeOrSet(document, entry, false)]);
    const message = `${why}; \`${flag.fp16}\` is already true, so \`${flag.bf16}\` is removed.`;
    if (fix) context.report({ ...range, message, fix });
    else hint(`Remove \`${flag.bf16}\`: \`${flag.fp16}\` is already true.`);
  } else if (fp16 && (fp16.value === false || fp16.value === null)) {
    // An empty `fp16:` is Axolotl's "unset"; false and unset both become true, next to a removed bf16.
    const fix = allEdits([document.replaceValue(fp16, true), removeOrSet(document, entry, false)]);
    if (fix) context.report({ ...range, message: using, fix });
    else hint(`Set \`${flag.bf16}\` to false and \`${flag.fp16}\` to true for this GPU.`);
  } else {
    hint(`Set \`${flag.bf16}\` to false and \`${flag.fp16}\` to true for this GPU (\`${flag.fp16}\` holds something the tool does not rewrite).`);
  }
}

/**
 * Axolotl's `bf16: auto` asks transformers' `is_torch_bf16_gpu_available()`, which asks
 * `torch.cuda.is_bf16_supported()`: on a T4 with PyTorch 2.3+ that counts emulation and answers yes, so "auto"
 * picks emulated bf16 (`resolve_dtype` in axolotl's utils/config). The choice is made explicit for the target;
 * `fp16: true` alone is enough for fp16, since Axolotl turns an "auto" bf16 off when fp16 is on.
 */
function checkAxolotlAuto(context: DocumentRuleContext<ConfigSource>, entry: ConfigEntry): void {
  const { document, target } = context;
  const fp16 = document.get(["fp16"]);
  if (fp16?.value === true) return; // "auto" already resolves to off
  const range = entryRange(entry);
  const why = `\`${entryText(document, entry)}\` makes Axolotl ask \`torch.cuda.is_bf16_supported()\`, which counts emulated bf16 as support in PyTorch 2.3+, so it most likely trains in emulated bf16 (10-50x slower): ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context.precision, document.text);
  if (choice.mode === "fp32") {
    const fix = allEdits([document.replaceValue(entry, false)]);
    const message = `${why}. ${choice.float32Because} training runs in float32: \`bf16: false\`.`;
    context.report(fix ? { ...range, message, fix } : { ...range, message, hint: "Set `bf16: false`." });
    return;
  }
  const message = `${why}; choosing fp16 mixed precision explicitly (${FP16_RISK}).`;
  const edits = fp16 ? [document.replaceValue(fp16, true), document.replaceValue(entry, false)] : [document.renameKey(entry, "fp16"), document.replaceValue(entry, true)];
  const fix = allEdits(edits);
  context.report(fix ? { ...range, message, fix } : { ...range, message, hint: "Set `bf16: false` and `fp16: true`." });
}

/** Axolotl's precision switches: with none of them set, `bf16` is "auto" (its schema's default). */
const AXOLOTL_PRECISION_KEYS = ["bf16", "fp16", "bfloat16", "float16", "fp8", "float32"];

/**
 * An Axolotl config that sets no precision runs with `bf16: auto`, Axolotl's default, which picks emulated bf16
 * on these GPUs as an explicit "auto" does (checkAxolotlAuto). A hint at `base_model` says what to add.
 */
function checkAxolotlDefault(context: DocumentRuleContext<ConfigSource>): void {
  const { document, target } = context;
  if (AXOLOTL_PRECISION_KEYS.some((key) => document.key([key]))) return;
  const base = document.get(["base_model"]);
  if (!base) return;
  const range = entryRange(base);
  const why = `This Axolotl config sets no precision, so Axolotl uses its default \`bf16: auto\`, which asks \`torch.cuda.is_bf16_supported()\`: in PyTorch 2.3+ that counts emulated bf16 as support, so it most likely trains in emulated bf16 (10-50x slower): ${noBf16Reason(target)}`;
  const choice = mixedPrecisionFor(target, context.precision, document.text);
  // A hint, not an edit: the default is not written anywhere, and configs for remote backends (Axolotl's
  // hatchery plugin training through an API) never run on this GPU.
  const hint =
    choice.mode === "fp32"
      ? `${choice.float32Because} train in float32: add \`bf16: false\`.`
      : `Add \`fp16: true\` to choose fp16 mixed precision (${FP16_RISK}).`;
  context.report({ ...range, severity: "warning", message: `${why}.`, hint });
}

/**
 * Settings that train in pure bf16, without mixed precision: Axolotl's `bfloat16: true` and `bf16: full`
 * (bf16 evaluation), LLaMA-Factory's `pure_bf16: true`. They have no like-for-like fp16 spelling, so they get a
 * hint naming the mixed-precision switch to use instead.
 */
function hintPureBf16(context: DocumentRuleContext<ConfigSource>): void {
  const { document, target } = context;
  const fp16 = mixedPrecisionFor(target, context.precision, document.text).mode === "fp16";
  const instead = fp16 ? "use `fp16: true` (fp16 mixed precision) instead" : "train in float32 instead (no 16-bit switch)";
  const settings =
    document.kind === "axolotl"
      ? [
          { path: "bfloat16", value: true, what: "loads the weights in bf16 and trains without mixed precision" },
          { path: "bf16", value: "full", what: "evaluates the whole model in bf16" },
        ]
      : document.kind === "llama-factory"
        ? [{ path: "pure_bf16", value: true, what: "trains the weights in pure bf16, without mixed precision" }]
        : [];
  for (const setting of settings) {
    const entry = document.get([setting.path]);
    if (entry?.value !== setting.value) continue;
    context.report({
      ...entryRange(entry),
      message: `\`${entryText(document, entry)}\` ${setting.what}, but ${noBf16Reason(target)}.`,
      hint: `Remove \`${setting.path}\` and ${instead}.`,
    });
  }
}

/**
 * `--bf16 True` (also `--bf16`, `--bf16=true`, `--bf16 1`) on the command line of a Python script, which
 * HfArgumentParser turns into `TrainingArguments(bf16=True)`: the same policy as the keyword, with flags.
 */
function checkShellFlag(context: DocumentRuleContext<ShellSource>, launch: PythonLaunch, flag: Flag): void {
  const { document, target } = context;
  const use = lastUse(launch.args, flag.bf16);
  if (!use || flagBoolean(use) !== true) return;
  const range = useRange(use);
  const written = useText(document, use);
  const why = `\`${written}\` is \`TrainingArguments(${flag.bf16}=True)\` to a Hugging Face script (HfArgumentParser), which either stops with "Your setup doesn't support bf16/gpu" or, in newer versions of transformers, trains with emulated bf16: ${noBf16Reason(target)}`;
  const off = turnOffEdit(document.text, use);
  const report = (message: string, fix: (TextEdit | undefined)[], hint: string) => {
    const edits = allEdits(fix);
    context.report(edits ? { ...range, message, fix: edits } : { ...range, message, hint });
  };

  const choice = mixedPrecisionFor(target, context.precision, document.text);
  if (choice.mode === "fp32") {
    const runs = `${flag.bf16 === "bf16" ? "training" : "evaluation"} runs in float32`;
    report(`${why}. ${choice.float32Because} ${runs}: ${turnedOff(use)}.`, [off], `Remove \`${written}\`.`);
    return;
  }
  const using = `${why}; using ${flag.what} on its fp16 tensor cores (${FP16_RISK}).`;
  const fp16 = lastUse(launch.args, flag.fp16);
  if (!fp16 && scriptTakesFlag(context, launch, `--${flag.fp16}`) === false) {
    // The repo's own script parses its flags with argparse and has no fp16 one: `--fp16` would stop the launch
    // with "unrecognized arguments". Without the flag the script runs its non-bf16 path.
    const name = launch.entry.name;
    const own = `\`${written}\` turns on bf16 in \`${name}\` (its own argparse option), but ${noBf16Reason(target)}`;
    report(`${own}. \`${name}\` has no \`--${flag.fp16}\` option, so it runs without bf16 instead: ${turnedOff(use)}.`, [off], `Remove \`${written}\`; \`${name}\` has no \`--${flag.fp16}\` option.`);
    return;
  }
  if (!fp16) {
    context.report({ ...range, message: using, fix: [{ start: use.nameStart, end: use.nameEnd, text: use.name.replace("bf16", "fp16") }] });
    return;
  }
  const fp16Text = useText(document, fp16);
  const fp16On = flagBoolean(fp16);
  if (fp16On === true) {
    report(`${why}; \`${fp16Text}\` is already there, so \`${use.name}\` is ${turnedOff(use)}.`, [off], `Remove \`${written}\`: \`${fp16Text}\` is already there.`);
  } else if (fp16On === false && fp16.value) {
    // The fp16 flag takes the bf16 flag's spelling of true (`1`, `true`, `True`).
    report(using, [off, valueEdit(fp16.value, use.value?.value ?? "True")], `Remove \`${written}\` and set \`${fp16.name}\` to True.`);
  } else {
    context.report({
      ...range,
      message: `${why}.`,
      hint: `Remove \`${written}\` and pass \`${fp16.name} True\` for this GPU (\`${fp16Text}\` is decided when the script runs, so it is not rewritten).`,
    });
  }
}
