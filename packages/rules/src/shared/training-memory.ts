import { callNamedAt, isFalse, isTrue, keywordArgument, keywordValue, stringValue, type PythonSource, type SyntaxNode } from "@gpu-compat/python";
import { loadWeightsOf, type AdapterSpec, type LoadWeights } from "../model-size/index.js";
import type { PythonRuleContext } from "../types.js";
import { integerLiteral } from "./integer-values.js";
import { modelIdOf } from "./load-dtype.js";

/**
 * What a Python training run says about its memory: LoRA/QLoRA adapters (rank and target modules), the model it
 * loads and how, gradient checkpointing, the sequence length; read from the file and, when the file loads nothing
 * itself, from the project modules it imports from (`from src.model import load_model`), as Kaggle scripts split
 * a run into a config, a loader and a training script.
 */

/** Words that mean LoRA adapters in a Python file: PEFT's API, TRL's and Unsloth's switches. */
const ADAPTER_CALLS = ["get_peft_model", "LoraConfig", "prepare_model_for_kbit_training"];
const ADAPTER_SWITCHES = ["use_peft", "use_lora", "use_qlora"];

export interface ModelLoad {
  /** The module the load is in (this file or an imported one), and the call. */
  source: PythonSource;
  call: SyntaxNode;
  modelId: string;
  weights: LoadWeights;
}

export interface AdapterRead extends AdapterSpec {
  /** Gradient checkpointing turned on by the loader: `prepare_model_for_kbit_training` (its default), Unsloth, `gradient_checkpointing_enable()`. */
  checkpointing: boolean;
  /** Where the checkpointing comes from, for messages. */
  checkpointingBy?: string;
}

/**
 * The run's Python modules: this file, then the project modules it imports names from. Found once per file (rules
 * ask for each load and each batch setting: on peft, walking the tree for the imports each time was ~0.4 s).
 */
export function runModules(context: PythonRuleContext): PythonSource[] {
  let modules = runModulesOf.get(context.source);
  if (!modules) runModulesOf.set(context.source, (modules = findRunModules(context)));
  return modules;
}

const runModulesOf = new WeakMap<PythonSource, PythonSource[]>();

function findRunModules(context: PythonRuleContext): PythonSource[] {
  const modules = [context.source];
  const project = context.project;
  if (!project.pythonSource) return modules;
  for (const statement of context.source.imports.statements) {
    if (statement.type !== "import_from_statement") continue;
    const module = statement.childForFieldName("module_name")?.text;
    if (!module || module.startsWith(".")) continue;
    const other = project.pythonSource(`${module.replaceAll(".", "/")}.py`);
    if (other && !modules.includes(other)) modules.push(other);
  }
  return modules;
}

/**
 * Whether the run trains new LoRA adapters: PEFT's calls that make them, TRL's `use_peft=True`, Unsloth's
 * `get_peft_model`. Importing peft alone is not enough: merge and inference scripts load trained adapters.
 */
export function trainsAdapters(modules: readonly PythonSource[]): boolean {
  return modules.some(
    (source) =>
      ADAPTER_CALLS.some((word) => [...source.occurrences(word)].some((node) => node.type === "identifier" && callNamedAt(node) !== null)) ||
      ADAPTER_SWITCHES.some((word) => [...source.occurrences(word)].some((node) => isTrue(assignedValue(node)))),
  );
}

/** `use_peft=True` as a keyword, or `use_peft = True`. */
function assignedValue(node: SyntaxNode): SyntaxNode | null {
  const parent = node.parent;
  if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.startIndex === node.startIndex) return keywordValue(parent);
  if (parent?.type === "assignment" && parent.childForFieldName("left")?.startIndex === node.startIndex) return parent.childForFieldName("right");
  return null;
}

/** The one model the run loads with `from_pretrained` (ids of tokenizers agree): in this file, else in the modules it imports. */
export function modelLoadOf(context: PythonRuleContext, modules: readonly PythonSource[]): ModelLoad | null {
  for (const source of modules) {
    const loads: ModelLoad[] = [];
    const ids = new Set<string>();
    const moduleContext: PythonRuleContext = source === context.source ? context : { ...context, source, report: () => {} };
    for (const node of source.occurrences("from_pretrained")) {
      const found = callNamedAt(node);
      if (!found) continue;
      const id = modelIdOf(moduleContext, found.call) ?? importedString(context, source, modelArgument(found.call));
      if (id === undefined) return null;
      ids.add(id);
      const weights = /Tokenizer|Processor/.test(found.callee.text) ? undefined : loadWeightsOf(source, found.call);
      if (weights) loads.push({ source, call: found.call, modelId: id, weights });
    }
    if (ids.size > 1 || loads.length > 1) return null;
    if (loads.length === 1) return loads[0]!;
  }
  return null;
}

function modelArgument(call: SyntaxNode): SyntaxNode | null {
  const list = call.childForFieldName("arguments");
  const first = list?.namedChildren.find((child) => child?.type !== "comment" && child?.type !== "keyword_argument");
  const named = ["pretrained_model_name_or_path", "model_name", "model_id"].map((k) => keywordArgument(call, k)).find(Boolean);
  return named ? keywordValue(named) : (first ?? null);
}

/** A name a module imports from another project module, and that module assigns a string at its top level (`MODEL_ID = "..."`). */
export function importedString(context: PythonRuleContext, source: PythonSource, node: SyntaxNode | null): string | undefined {
  const value = importedValue(context, source, node);
  const text = value && stringValue(value);
  return text ?? undefined;
}

/** The same for an integer (`MAX_SEQ_LEN = 1024`). */
export function importedInteger(context: PythonRuleContext, source: PythonSource, node: SyntaxNode | null): number | null {
  return integerLiteral(importedValue(context, source, node) ?? null);
}

function importedValue(context: PythonRuleContext, source: PythonSource, node: SyntaxNode | null): SyntaxNode | undefined {
  if (node?.type !== "identifier" || !context.project.pythonSource) return undefined;
  const bindings = source.semantic.resolve(node);
  if (bindings.length !== 1 || bindings[0]!.kind !== "import") return undefined;
  const statement = bindings[0]!.site;
  const module = statement.type === "import_from_statement" ? statement.childForFieldName("module_name")?.text : undefined;
  if (!module || module.startsWith(".")) return undefined;
  const other = context.project.pythonSource(`${module.replaceAll(".", "/")}.py`);
  if (!other) return undefined;
  const original = importedName(statement, node.text);
  let value: SyntaxNode | undefined;
  for (const assignment of other.root.descendantsOfType("assignment")) {
    if (assignment?.childForFieldName("left")?.text !== original) continue;
    const atTopLevel = assignment.parent?.type === "expression_statement" && assignment.parent.parent?.type === "module";
    if (!atTopLevel || value) return undefined;
    value = assignment.childForFieldName("right") ?? undefined;
  }
  return value;
}

/** The name `from m import a as b` imports for `b`: `a`. */
function importedName(statement: SyntaxNode, local: string): string {
  for (const child of statement.namedChildren) {
    if (child?.type === "aliased_import" && child.childForFieldName("alias")?.text === local) return child.childForFieldName("name")?.text ?? local;
  }
  return local;
}

/**
 * The adapters a run trains: `LoraConfig(r=..., target_modules=...)` or Unsloth's `get_peft_model(model, r=...)`
 * with literal values (PEFT's defaults when absent), and whether the loader turns gradient checkpointing on.
 */
export function adaptersOf(context: PythonRuleContext, modules: readonly PythonSource[]): AdapterRead {
  const read: AdapterRead = { checkpointing: false };
  const ranks: number[] = [];
  const targetLists: NonNullable<AdapterSpec["targetModules"]>[] = [];
  for (const source of modules) {
    let own = moduleAdapters.get(source);
    if (!own) moduleAdapters.set(source, (own = adaptersIn(context, source)));
    ranks.push(...own.ranks);
    targetLists.push(...own.targetLists);
    if (own.checkpointingBy) {
      read.checkpointing = true;
      read.checkpointingBy = own.checkpointingBy;
    }
  }
  // Several configs (a comparison script): the smallest rank, and targets only when they agree.
  if (ranks.length > 0) read.rank = Math.min(...ranks);
  const distinct = new Set(targetLists.map((t) => JSON.stringify(t)));
  if (distinct.size === 1) read.targetModules = targetLists[0]!;
  return read;
}

/** What one module says of adapters: its configs' ranks and target lists, and what turns checkpointing on. */
interface ModuleAdapters {
  ranks: number[];
  targetLists: NonNullable<AdapterSpec["targetModules"]>[];
  checkpointingBy?: string;
}

/** Read once per module: rules ask for each load, and a test file can hold hundreds of LoraConfigs. */
const moduleAdapters = new WeakMap<PythonSource, ModuleAdapters>();

function adaptersIn(context: PythonRuleContext, source: PythonSource): ModuleAdapters {
  const own: ModuleAdapters = { ranks: [], targetLists: [] };
  for (const name of ["LoraConfig", "get_peft_model"]) {
    for (const node of source.occurrences(name)) {
      const found = callNamedAt(node);
      if (!found) continue;
      const rank = rankOf(context, source, found.call);
      if (rank !== undefined) own.ranks.push(rank);
      const targets = targetsOf(found.call);
      if (targets) own.targetLists.push(targets);
      // Unsloth's get_peft_model checkpoints by default ("unsloth"); False turns it off.
      const unsloth = keywordArgument(found.call, "use_gradient_checkpointing");
      if (name === "get_peft_model" && source.imports.importsModule("unsloth") && !(unsloth && isFalse(keywordValue(unsloth)))) {
        own.checkpointingBy = "Unsloth's `get_peft_model`";
      }
    }
  }
  for (const node of source.occurrences("prepare_model_for_kbit_training")) {
    const found = callNamedAt(node);
    const off = found && keywordArgument(found.call, "use_gradient_checkpointing");
    if (found && !(off && isFalse(keywordValue(off)))) own.checkpointingBy = "`prepare_model_for_kbit_training`";
  }
  if (!source.occurrences("gradient_checkpointing_enable").next().done) own.checkpointingBy = "`gradient_checkpointing_enable()`";
  return own;
}

function rankOf(context: PythonRuleContext, source: PythonSource, call: SyntaxNode): number | undefined {
  const keyword = keywordArgument(call, "r");
  if (!keyword) return undefined;
  const value = keywordValue(keyword);
  return integerLiteral(value) ?? importedInteger(context, source, value) ?? undefined;
}

/** `target_modules=["q_proj", "v_proj"]` or `"all-linear"`; undefined for anything else. */
function targetsOf(call: SyntaxNode): AdapterSpec["targetModules"] | undefined {
  const keyword = keywordArgument(call, "target_modules");
  const value = keyword && keywordValue(keyword);
  if (!value) return undefined;
  if (stringValue(value) === "all-linear") return "all-linear";
  if (value.type !== "list" && value.type !== "tuple") return undefined;
  const names = value.namedChildren.map((child) => (child ? stringValue(child) : null));
  return names.every((name): name is string => name !== null) && names.length > 0 ? names : undefined;
}
