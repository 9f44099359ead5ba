import { kindMarkers, type ConfigSource } from "@gpu-compat/config";
import { callOfArgument, closestAncestor, keywordArgument, keywordValue, namedChildrenOf, stringValue, type SyntaxNode, type TextEdit } from "@gpu-compat/python";
import type { PythonLaunch, ShellSource } from "@gpu-compat/shell";
import { requiredCapability } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { allEdits, CONFIG_LABEL, entryRange, entryText } from "../shared/config-entries.js";
import { noBf16Reason, rewriteMessage } from "../shared/messages.js";
import { isNamedPolicy, isOwnedByAnotherRule } from "../shared/dtype-owners.js";
import { parameterPassing } from "../shared/callers.js";
import { PrecisionSwitches } from "../shared/precision-switches.js";
import { dtypeUse } from "../shared/dtype-use.js";
import { mayReadPrecisionFlag, onlyTestsOf } from "../shared/dtype-tests.js";
import { dtypeForModel, isModelLoadCall, loadDtypeFor, MODEL_ID_KEYS, modelIdOf, modelLoadCalls, type LoadDtypeChoice } from "../shared/load-dtype.js";
import { fullFineTuneWithTrainer } from "../shared/training-run.js";
import { float32Fit, torchtuneModel, torchtuneTrains } from "../shared/torchtune.js";
import { splatCallsOf, vllmEngineReached } from "../shared/vllm-engine.js";
import { dtypeReplacement, mixedPrecisionFor } from "../shared/precision-policy.js";
import { flagBoolean, lastUse, pythonLaunches, useRange, useText, valueEdit } from "../shared/shell-flags.js";
import { speaksTorch, torchLocalName } from "../shared/torch-family.js";
import { bf16FunctionReason, exportUtilityReason, hintOnlyContext, kernelCodeReason, kernelFunctionReason, modelCodeCastReason } from "../shared/kernel-code.js";
import type { DocumentRuleContext, PythonRuleContext, RuleFinding } from "../types.js";

const DTYPE_KEYWORDS = new Set(["torch_dtype", "dtype"]);

/**
 * Modules that make a whole file code for another device: Habana's Gaudi (HPU), Huawei's Ascend (NPU), Google's
 * TPUs through XLA. bf16 is native there, and the file never runs on the NVIDIA GPU this rewrite is for.
 */
const OTHER_DEVICE_FILE_MODULES = ["habana_frameworks", "optimum.habana", "torch_npu", "torch_xla"];

export const bf16Dtype = defineRule({
  id: "bf16-dtype",
  title: "bfloat16 tensors and models on a GPU without bf16",
  category: "precision",
  severity: "warning",
  fixable: "sometimes",
  lacks: "bf16",
  triggers: ["bfloat16"],
  // A file whose every bfloat16 is a test (`dtype in (torch.float16, torch.bfloat16)`, most of PEFT's tuner layers)
  // has nothing to rewrite, unless a precision switch may guard one of those tests: its note is reported.
  mayMatch: (scan) => !onlyTestsOf(scan, "bfloat16") || mayReadPrecisionFlag(scan, "bfloat16"),
  checks: {
    shell: {
      triggers: ["bfloat16", "prior_generation_precision"],
      run(context) {
        for (const launch of pythonLaunches(context.document)) checkShellDtype(context, launch);
      },
    },
    config: {
      triggers: ["bfloat16", "bf16"],
      needsOneOf: kindMarkers("training-arguments", "llama-factory", "torchtune"),
      run(context) {
        if (context.document.kind === "torchtune") checkTorchtuneDtype(context);
        else checkConfigDtypes(context);
      },
    },
    python: {
      run(original) {
        if (OTHER_DEVICE_FILE_MODULES.some((module) => original.source.imports.importsModule(module))) return;
        // Asked only when a fix is reported: most files the rule reads have none.
        let fileReason: string | null | undefined;
        const why = (finding: RuleFinding) =>
          (fileReason ??= kernelCodeReason(original.source) ?? exportUtilityReason(original.source) ?? null) ??
          kernelFunctionReason(original.source, finding.start) ??
          bf16FunctionReason(original.source, finding.start) ??
          modelCodeCastReason(original.source, finding.start);
        const context = hintOnlyContext(original, why);
        for (const node of context.source.occurrences("bfloat16")) {
          if (node.type === "identifier") checkIdentifier(context, node);
          else if (node.type === "string_content") checkDtypeString(context, node);
        }
        PrecisionSwitches.of(context.source).report(context);
      },
    },
  },
});

function checkIdentifier(context: PythonRuleContext, name: SyntaxNode): void {
  const { source } = context;
  const parent = name.parent;
  if (!parent) return;
  if (parent.type === "attribute" && parent.childForFieldName("attribute")?.startIndex === name.startIndex) {
    const call = parent.parent;
    const dtype = dtypeReplacement(context.precision);
    if (source.imports.qualifiedName(parent) === "torch.bfloat16") {
      reportDtypeExpression(context, parent, name, { text: dtype, label: dtype }, undefined, () => modelLoadChoice(context, parent));
    } else if (call?.type === "call" && call.childForFieldName("function")?.startIndex === parent.startIndex && hasNoArguments(call)) {
      const method = dtype === "float16" ? "half" : "float";
      reportDtypeExpression(context, call, name, { text: method, label: `\`.${method}()\`` }, "`.bfloat16()` casts to bfloat16");
    }
    return;
  }
  if (isImportedName(name)) {
    checkFromImport(context, name);
    return;
  }
  // A bare `bfloat16` that only `from torch import *` can explain.
  if (isValueIdentifier(name) && !source.imports.bindings.has("bfloat16") && source.imports.wildcardModules.includes("torch")) {
    const dtype = dtypeReplacement(context.precision);
    reportDtypeExpression(context, name, name, { text: dtype, label: dtype });
  }
}

/**
 * Reports one dtype expression; `replace` is the node whose text becomes `replacement.text`, unless `loadChoice`
 * (asked only for code that is not left alone) gives a model load's choice.
 */
function reportDtypeExpression(
  context: PythonRuleContext,
  expression: SyntaxNode,
  replace: SyntaxNode,
  fallback: { text: string; label: string },
  what = "this requests bfloat16",
  loadChoice?: () => LoadDtypeChoice | undefined,
): void {
  const { imports } = context.source;
  if (leftToGuard(context, expression) || isOwnedByAnotherRule(expression, imports) || isNamedPolicy(expression, imports)) return;
  if (vllmEngineReached(context.source, expression)) return; // vllm-bf16's: "half", not float32.
  const use = dtypeUse(expression);
  if (use === "test" || defaultEveryCallerOverrides(context, expression)) return;
  const load = loadChoice?.();
  const reason = noBf16Reason(context.target);
  const range = { start: expression.startIndex, end: expression.endIndex };
  if (use === "request" && load) {
    context.report(loadFinding(range, `${capitalize(what)}, but ${reason}`, load, [{ start: replace.startIndex, end: replace.endIndex, text: load.dtype }]));
  } else if (use === "request") {
    context.report({ ...range, ...rewriteMessage(`${capitalize(what)}, but ${reason}`, fallback.label), fix: [{ start: replace.startIndex, end: replace.endIndex, text: fallback.text }] });
  } else {
    context.report({
      ...range,
      message: `${capitalize(what)}, but ${reason}.`,
      hint: "If this dtype reaches a model or tensor, use float32 (or float16 with a GradScaler) on this GPU.",
    });
  }
}

function checkDtypeString(context: PythonRuleContext, content: SyntaxNode): void {
  const string = content.parent;
  if (!string || stringValue(string) !== "bfloat16") return;
  const holder = string.parent;
  let keyword: string | null = null;
  if (holder?.type === "keyword_argument" && holder.childForFieldName("value")?.startIndex === string.startIndex) {
    keyword = holder.childForFieldName("name")?.text ?? null;
  } else if (holder?.type === "pair" && holder.childForFieldName("value")?.startIndex === string.startIndex) {
    keyword = stringValue(holder.childForFieldName("key"));
  }
  if (!keyword || !DTYPE_KEYWORDS.has(keyword)) return;
  if (keyword === "dtype" && !speaksTorch(context.source.imports)) return;
  if (leftToGuard(context, string) || isOwnedByAnotherRule(string, context.source.imports)) return;
  if (vllmEngineReached(context.source, string)) return; // vllm-bf16's: "half", not float32.
  const load = modelLoadChoice(context, string) ?? { dtype: dtypeReplacement(context.precision), note: "" };
  const asks = `\`${keyword}="bfloat16"\` asks for bfloat16 weights, but ${noBf16Reason(context.target)}`;
  context.report(loadFinding({ start: string.startIndex, end: string.endIndex }, asks, load, [{ start: content.startIndex, end: content.endIndex, text: load.dtype }]));
}

/**
 * The finding for a model load's dtype: a hint when no dtype is certain (`hintOnly`), else the rewrite with its
 * "using X instead" clause. `asks` says what the code asks for and why that is a problem, without a full stop.
 */
function loadFinding(range: { start: number; end: number }, asks: string, load: LoadDtypeChoice, fix: TextEdit[] | undefined, fallbackHint?: string): RuleFinding {
  const note = load.note ? ` ${load.note}` : "";
  const memory = load.memory ? { memory: load.memory } : {};
  if (load.hintOnly) return { ...range, message: `${asks}.${note}`, hint: load.hint!, ...memory };
  const hint = load.hint ?? (fix ? undefined : fallbackHint);
  return { ...range, ...rewriteMessage(asks, load.dtype, note), ...(hint ? { hint } : {}), ...(fix ? { fix } : {}), ...memory };
}

/** For the dtype keyword of a model load (`from_pretrained(..., torch_dtype=...)`), the fit-aware choice. */
function modelLoadChoice(context: PythonRuleContext, value: SyntaxNode): LoadDtypeChoice | undefined {
  const holder = value.parent;
  const fed = loadsFedBy(context, value);
  if (fed) return fed;
  // Kwargs collected for a load are judged on one GPU, as the load would be.
  const kwargsChoice = (id: string | undefined) => dtypeForModel(context, id, false, fullFineTuneWithTrainer(context.source));
  if (holder?.type === "keyword_argument") {
    const keyword = holder.childForFieldName("name")?.text ?? "";
    if (!DTYPE_KEYWORDS.has(keyword)) return undefined;
    const call = callOfArgument(holder);
    if (call && isModelLoadCall(call)) return loadDtypeFor(context, call);
    if (call && keyword === "dtype" && isToCall(call)) return castFollowingLoads(context);
    // `torch_dtype` is how transformers and diffusers load a model: kwargs collected for a load (`dict(...)`,
    // `SFTConfig(model_init_kwargs=...)`) get the load's policy, with the model the same call names, if it does.
    if (keyword !== "torch_dtype" || !call) return undefined;
    const named = MODEL_ID_KEYS.map((key) => keywordArgument(call, key)).find(Boolean);
    return kwargsChoice(named ? context.source.semantic.stringConstant(keywordValue(named)!) : splatLoadId(context, call));
  }
  if (holder?.type === "argument_list" && holder.parent?.type === "call" && isToCall(holder.parent)) return castFollowingLoads(context);
  if (holder?.type === "pair" && stringValue(holder.childForFieldName("key")) === "torch_dtype" && holder.parent) {
    const dictionary = holder.parent;
    const sibling = namedChildrenOf(dictionary).find((pair) => pair.type === "pair" && MODEL_ID_KEYS.includes(stringValue(pair.childForFieldName("key")) ?? ""));
    const modelValue = sibling?.childForFieldName("value");
    return kwargsChoice(modelValue ? context.source.semantic.stringConstant(modelValue) : splatLoadId(context, dictionary));
  }
  if (holder?.type === "pair" && stringValue(holder.childForFieldName("key")) === "dtype" && holder.parent) {
    // `{"dtype": "bfloat16", ...}`: kwargs of a load when the file passes them to one, else of code it does not
    // show (vLLM engine kwargs, a config), whose right value on this GPU differs ("half", float16, float32).
    if (splatLoads(context, holder.parent).length > 0) return kwargsChoice(splatLoadId(context, holder.parent));
    return {
      dtype: "float32",
      note: "",
      hintOnly: true,
      hint: 'The file does not show what reads this `dtype`: set it for this GPU where it is used ("half" for vLLM, float16 or float32 for a model load, by its size).',
    };
  }
  return undefined;
}

/**
 * `kwargs = {"torch_dtype": ...}` (or `dict(...)`) then `from_pretrained("gpt2", **kwargs)`: the model the loads
 * that take the kwargs name, when they all name the same one.
 */
function splatLoadId(context: PythonRuleContext, kwargs: SyntaxNode): string | undefined {
  const ids = new Set(splatLoads(context, kwargs).map((call) => modelIdOf(context, call)));
  return ids.size === 1 ? [...ids][0] : undefined;
}

/** The model loads a kwargs dict assigned to a name is passed to (`from_pretrained(..., **kwargs)`). */
function splatLoads(context: PythonRuleContext, kwargs: SyntaxNode): SyntaxNode[] {
  return splatCallsOf(context.source, kwargs).filter(isModelLoadCall);
}

/**
 * `load_dtype = torch.bfloat16 if torch.cuda.is_available() else torch.float32` whose every use is the dtype of a
 * model load: the choice is the loads' (fit-aware, or a hint when they disagree or cannot be sized).
 */
function loadsFedBy(context: PythonRuleContext, value: SyntaxNode): LoadDtypeChoice | undefined {
  let node = value;
  while (node.parent?.type === "parenthesized_expression" || node.parent?.type === "conditional_expression") node = node.parent;
  const assignment = node.parent;
  if (assignment?.type !== "assignment" || assignment.childForFieldName("right")?.startIndex !== node.startIndex) return undefined;
  const target = assignment.childForFieldName("left");
  if (target?.type !== "identifier") return undefined;
  // By the text first: a name also used for anything but a load's dtype is a plain dtype, and needs no scopes.
  for (const mention of context.source.occurrences(target.text)) {
    if (mention.type !== "identifier" || mention.startIndex === target.startIndex || !isValueIdentifier(mention)) continue;
    if (!loadDtypeArgument(mention)) return undefined;
  }
  const binding = context.source.semantic.bindingOf(target);
  const references = binding ? context.source.semantic.referencesOf(binding) : [];
  if (references.length === 0) return undefined;
  const choices: LoadDtypeChoice[] = [];
  for (const reference of references) {
    const call = loadDtypeArgument(reference);
    if (!call) return undefined; // Used for something else too: a plain dtype.
    choices.push(loadDtypeFor(context, call));
  }
  const uncertain = choices.find((choice) => choice.hintOnly);
  if (uncertain) return uncertain;
  return choices.every((choice) => choice.dtype === choices[0]!.dtype) ? choices[0] : { ...choices[0]!, hintOnly: true, hint: "The loads this dtype feeds need different dtypes on this GPU; set each load's dtype by hand." };
}

/** "It has no ..." -> "it has no ...", mid-sentence; a model family's name ("T5 models ...") keeps its case. */
function lowerFirst(text: string): string {
  return /^(?:It|With) /.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** `x.to(...)`: a cast whose dtype must match what it meets (the model's weights, for a batch of inputs). */
function isToCall(call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  return fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "to";
}

/** Per parsed file, per target and precision (a fixture run reads one parse on several targets). */
const castChoices = new WeakMap<object, Map<string, LoadDtypeChoice | null>>();

/**
 * `inputs.to(device, dtype=torch.bfloat16)` in a file that loads its model in bfloat16: the cast is there to match
 * the model's weights (a float32 batch into bfloat16 or float16 weights stops with "Input type and bias type should
 * be the same"), so it gets the loads' dtype, and a hint where a load's dtype is left to the user. Undefined when
 * the file loads no model in bfloat16: the plain rewrite.
 */
function castFollowingLoads(context: PythonRuleContext): LoadDtypeChoice | undefined {
  const { source } = context;
  const key = `${context.target.name}/${context.target.count}/${context.precision}`;
  let perTarget = castChoices.get(source);
  if (!perTarget) castChoices.set(source, (perTarget = new Map()));
  const cached = perTarget.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const choices: LoadDtypeChoice[] = [];
  for (const call of modelLoadCalls(source)) {
    const dtype = [...DTYPE_KEYWORDS].map((key) => keywordArgument(call, key)).find(Boolean);
    const value = dtype && keywordValue(dtype);
    if (!value || !(source.imports.qualifiedName(value) === "torch.bfloat16" || stringValue(value) === "bfloat16")) continue;
    choices.push(loadDtypeFor(context, call));
  }
  const same = choices.length > 0 && choices.every((choice) => !choice.hintOnly && choice.dtype === choices[0]!.dtype);
  const choice: LoadDtypeChoice | null =
    choices.length === 0
      ? null
      : same
        ? { dtype: choices[0]!.dtype, note: `Casts here follow the file's bfloat16 model load, which becomes ${choices[0]!.dtype}, so tensors meet the weights in their dtype.` }
        : {
            dtype: "float32",
            note: "",
            hintOnly: true,
            hint: "Cast to the model's dtype (`dtype=model.dtype`) once you choose the dtype of the bfloat16 model load in this file (see its finding): inputs in another dtype than the weights stop with \"Input type and bias type should be the same\".",
          };
  perTarget.set(key, choice);
  return choice ?? undefined;
}

/** The model load a name is the dtype keyword of (`from_pretrained(..., torch_dtype=name)`), if it is. */
function loadDtypeArgument(name: SyntaxNode): SyntaxNode | null {
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("value")?.startIndex !== name.startIndex) return null;
  if (!DTYPE_KEYWORDS.has(argument.childForFieldName("name")?.text ?? "")) return null;
  const call = callOfArgument(argument);
  return call && isModelLoadCall(call) ? call : null;
}

/** `from torch import bfloat16 [as bf]`: follow the bound name to its uses. */
function checkFromImport(context: PythonRuleContext, name: SyntaxNode): void {
  const { source } = context;
  const module = closestAncestor(name, "import_from_statement")?.childForFieldName("module_name");
  if (!module || module.text.replace(/\s/g, "") !== "torch") return;
  const aliased = name.parent?.parent?.type === "aliased_import" ? name.parent.parent : null;
  const local = aliased?.childForFieldName("alias")?.text ?? "bfloat16";

  const uses = [...source.occurrences(local)].filter((node) => node.type === "identifier" && isValueIdentifier(node) && !isImportedName(node));
  const unguarded = uses.filter((use) => !leftToGuard(context, use));
  // A use inside a call another rule owns (autocast, bitsandbytes) is that rule's: it blocks renaming the import.
  const kinds = unguarded.map((use) => (isOwnedByAnotherRule(use, source.imports) ? "owned" : dtypeUse(use)));
  if (unguarded.length === 0) return;
  const reason = noBf16Reason(context.target);
  const dtype = dtypeReplacement(context.precision);

  if (unguarded.length === uses.length && kinds.every((kind) => kind === "request")) {
    // Every use asks for bf16: renaming the import fixes them all in one place.
    const edits = [{ start: name.startIndex, end: name.endIndex, text: dtype }];
    if (!aliased) for (const use of uses) edits.push({ start: use.startIndex, end: use.endIndex, text: dtype });
    context.report({
      start: name.startIndex,
      end: name.endIndex,
      ...rewriteMessage(`\`${local}\` is torch.bfloat16 (used ${uses.length === 1 ? "once" : `${uses.length} times`}), but ${reason}`, dtype, "", "importing"),
      fix: edits,
    });
    return;
  }
  const torch = torchLocalName(source.imports);
  unguarded.forEach((use, i) => {
    const kind = kinds[i];
    if (kind === "test" || kind === "owned") return;
    const range = { start: use.startIndex, end: use.endIndex };
    const what = `\`${local}\` is torch.bfloat16, but ${reason}`;
    if (kind === "request" && torch) {
      context.report({ ...range, ...rewriteMessage(what, `${torch}.${dtype}`), fix: [{ ...range, text: `${torch}.${dtype}` }] });
    } else {
      context.report({
        ...range,
        message: `${what}.`,
        hint: `Use torch.${dtype} here on this GPU (the import also serves guarded or comparison code, so it is not renamed).`,
      });
    }
  });
}

/**
 * `def load(path, dtype=torch.bfloat16)` whose every call passes `dtype`: the default never runs, and each caller
 * decides (and is checked where it does). A default some call relies on is decided there, so it stays a finding.
 */
function defaultEveryCallerOverrides(context: PythonRuleContext, expression: SyntaxNode): boolean {
  let node = expression;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const holder = node.parent;
  if (holder?.type !== "default_parameter" && holder?.type !== "typed_default_parameter") return false;
  const name = holder.childForFieldName("name");
  const parameter = name && context.source.semantic.bindingOf(name);
  return !!parameter && parameter.kind === "parameter" && parameterPassing(context, parameter).passing === "all";
}

/** Guarded code is left alone; a use a precision switch picks is counted for the switch's report. */
function leftToGuard(context: PythonRuleContext, node: SyntaxNode): boolean {
  const guard = context.source.guards.guardOf(node);
  if (guard) PrecisionSwitches.of(context.source).note(guard, node);
  return guard !== null;
}

function isImportedName(node: SyntaxNode): boolean {
  return closestAncestor(node, "import_from_statement") !== null || closestAncestor(node, "import_statement") !== null;
}

/** An identifier read as a value: not an attribute name, keyword name, parameter or assignment target. */
function isValueIdentifier(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  const at = (field: string) => parent.childForFieldName(field)?.startIndex === node.startIndex;
  if (parent.type === "attribute" && at("attribute")) return false;
  if (parent.type === "keyword_argument" && at("name")) return false;
  if ((parent.type === "assignment" || parent.type === "augmented_assignment") && at("left")) return false;
  if (parent.type === "parameters" || parent.type === "default_parameter" || parent.type === "typed_parameter") return !at("name") && parent.type !== "parameters";
  if (parent.type === "function_definition" || parent.type === "class_definition") return false;
  return true;
}

function hasNoArguments(call: SyntaxNode): boolean {
  const args = call.childForFieldName("arguments");
  return !!args && args.type === "argument_list" && args.namedChildren.length === 0;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}


/**
 * The model dtype keys of the user's own training configs: TrainingArguments-style recipes (TRL's ModelConfig
 * `torch_dtype` / `dtype`, also nested in `model_init_kwargs`) and LLaMA-Factory's `infer_dtype`. Axolotl
 * derives its load dtype from `bf16`/`fp16` (trainer-bf16's business) and overwrites `torch_dtype`; a model's own
 * config.json is a downloaded snapshot and is never edited.
 */
const CONFIG_DTYPE_KEYS: Partial<Record<ConfigSource["kind"], ReadonlySet<string>>> = {
  "training-arguments": new Set(["torch_dtype", "dtype"]),
  "llama-factory": new Set(["infer_dtype"]),
};

function checkConfigDtypes(context: DocumentRuleContext<ConfigSource>): void {
  const { document } = context;
  const keys = CONFIG_DTYPE_KEYS[document.kind];
  if (!keys) return;
  const model = document.get(["model_name_or_path"])?.value;
  for (const entry of document.entries()) {
    const key = entry.path[entry.path.length - 1];
    if (typeof key !== "string" || !keys.has(key) || entry.value !== "bfloat16") continue;
    // Training processes each hold the whole model: its fit is judged on one GPU.
    const load = dtypeForModel(context, typeof model === "string" ? model : undefined, false, configTrainsFully(document));
    const asks = `\`${entryText(document, entry)}\` in this ${CONFIG_LABEL[document.kind]} asks for bfloat16 weights, but ${noBf16Reason(context.target)}`;
    const fix = load.hintOnly ? undefined : allEdits([document.replaceValue(entry, load.dtype)]);
    // A top-level `dtype` is the script's own argument: TRL's ModelConfig loads the weights in it, other training
    // scripts hand it to accelerate as the mixed precision (float32 weights), where float16 is what replaces bf16.
    const own = key === "dtype" && entry.path.length === 1 && load.hintOnly && load.hint;
    const mixed = own ? mixedPrecisionFor(context.target, context.precision, document.text) : undefined;
    const mixedChoice = mixed?.mode === "fp16" ? 'set "float16" (fp16 autocast over float32 weights)' : `${lowerFirst(mixed?.float32Because ?? "")} set "float32"`;
    const hinted = own
      ? { ...load, hint: `${load.hint} A top-level \`dtype\` means what the training script makes of it: TRL's ModelConfig loads the weights in it, but where the script turns it into accelerate's \`mixed_precision\` instead, ${mixedChoice}.` }
      : load;
    context.report(loadFinding(entryRange(entry), asks, hinted, fix, `Set \`${key}\` to ${load.dtype}.`));
  }
}

/**
 * torchtune's `dtype: bf16`: its recipes train the whole model in that dtype (`training.get_dtype`), which raises
 * "bf16 precision was requested but not available on this hardware. Please use fp32 precision instead." where
 * `torch.cuda.is_bf16_supported()` is false, and its training recipes refuse fp16. fp32 is the one choice: written
 * when the float32 model fits one GPU, else a hint.
 */
function checkTorchtuneDtype(context: DocumentRuleContext<ConfigSource>): void {
  const { document } = context;
  const entry = document.get(["dtype"]);
  if (!entry || entry.value !== "bf16") return;
  const training = torchtuneTrains(document);
  const model = torchtuneModel(document);
  const fit = model && float32Fit(context, model, training, document);
  const refused = `torchtune's \`training.get_dtype\` stops with "bf16 precision was requested but not available on this hardware. Please use fp32 precision instead."`;
  const asks = `\`${entryText(document, entry)}\` makes this torchtune recipe ${training ? "train" : "run"} the model in bfloat16, but ${noBf16Reason(context.target)}, and ${refused}`;
  const fp16 = training ? " Its training recipes support only fp32 and bf16 (fp16 raises \"fp16 precision is not supported in this recipe\")." : "";
  const edit = fit?.fits && context.precision !== "fp16" ? document.replaceValue(entry, "fp32") : undefined;
  if (edit) {
    context.report({ ...entryRange(entry), message: `${asks}.${fp16} Using fp32: ${fit!.why}.`, fix: [edit] });
    return;
  }
  const hint = !fit
    ? `Set \`dtype: fp32\` if the model fits one ${context.target.gpu.name} in float32 (its size is not known here: fp32 takes twice the memory of bf16)${training ? ", or train a QLoRA config (`qlora_*` builder) of the model" : ", or `dtype: fp16`"}.`
    : `Not rewritten: ${fit.why}. ${training ? `Train a QLoRA config (a \`qlora_*\` builder) or a smaller model with \`dtype: fp32\`, or use a GPU with bf16 (compute capability ${requiredCapability("bf16")} or newer).` : "Use `dtype: fp16` (half the memory, may overflow for some models) or a smaller model."}`;
  context.report({ ...entryRange(entry), message: `${asks}.${fp16}`, hint });
}

/** Keys of a TrainingArguments-style recipe (and flags of a launch) that mean adapters, quantized weights or sharding. */
const NOT_FULL_KEYS = ["use_peft", "load_in_4bit", "load_in_8bit", "lora_r", "peft_config", "deepspeed", "fsdp"];

/**
 * A recipe that trains every weight: a TrainingArguments-style config (TRL, alignment-handbook) without adapters.
 * Its weights must be float32, whatever its mixed precision (see FP16_WEIGHTS_FAIL).
 */
function configTrainsFully(document: ConfigSource): boolean {
  if (document.kind !== "training-arguments") return false;
  const on = (key: string) => {
    const value = document.get([key])?.value;
    return value !== undefined && value !== null && value !== false && value !== "" && value !== "false";
  };
  return !NOT_FULL_KEYS.some(on);
}

/** The same for a launch: a training command (`--output_dir`, `--bf16`, `--do_train`, ...) without adapters. */
function launchTrainsFully(launch: PythonLaunch): boolean {
  const on = (name: string) => {
    const use = lastUse(launch.args, name);
    return !!use && flagBoolean(use) !== false;
  };
  const trains = ["output_dir", "do_train", "bf16", "fp16", "learning_rate", "per_device_train_batch_size"].some((name) => lastUse(launch.args, name));
  return trains && !NOT_FULL_KEYS.some(on);
}

/**
 * `--torch_dtype bfloat16` to a Python script (transformers' example scripts, TRL's ModelConfig): the model-load
 * policy, with the model's size read from the same command's `--model_name_or_path` when it names one. Each
 * training process holds the whole model, so its fit is judged on one GPU.
 */
function checkShellDtype(context: DocumentRuleContext<ShellSource>, launch: PythonLaunch): void {
  const use = lastUse(launch.args, "torch_dtype");
  if (use?.value && !use.value.dynamic && use.value.value === "bfloat16") {
    const model = lastUse(launch.args, "model_name_or_path")?.value;
    const load = dtypeForModel(context, model && !model.dynamic ? model.value : undefined, false, launchTrainsFully(launch));
    const asks = `\`${useText(context.document, use)}\` asks the script for bfloat16 weights, but ${noBf16Reason(context.target)}`;
    context.report(loadFinding(useRange(use), asks, load, [valueEdit(use.value, load.dtype)]));
  }
  checkPriorPrecision(context, launch);
}

/** diffusers' DreamBooth scripts load the pipeline that generates class images in this dtype (choices no, fp32, fp16, bf16). */
const PRIOR_PRECISION: Record<string, string> = { float32: "fp32", float16: "fp16" };

function checkPriorPrecision(context: DocumentRuleContext<ShellSource>, launch: PythonLaunch): void {
  const use = lastUse(launch.args, "prior_generation_precision");
  if (!use?.value || use.value.dynamic || use.value.value !== "bf16") return;
  const model = lastUse(launch.args, "pretrained_model_name_or_path")?.value;
  const load = dtypeForModel(context, model && !model.dynamic ? model.value : undefined, false);
  const value = PRIOR_PRECISION[load.dtype]!;
  if (load.hintOnly) {
    const message = `\`${useText(context.document, use)}\` loads the pipeline that generates the class images in bfloat16, but ${noBf16Reason(context.target)}.`;
    context.report({ ...useRange(use), message, hint: load.hint!.replace(/float32/g, "fp32").replace(/float16/g, "fp16") });
    return;
  }
  const asks = `\`${useText(context.document, use)}\` loads the pipeline that generates the class images in bfloat16, but ${noBf16Reason(context.target)}`;
  context.report({ ...useRange(use), ...rewriteMessage(asks, value, load.note ? ` ${load.note}` : ""), ...(load.hint ? { hint: load.hint.replace("use float16", "use fp16") } : {}), fix: [valueEdit(use.value, value)] });
}
