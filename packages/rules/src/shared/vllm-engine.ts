import { argumentsOf, callOfArgument, keywordArgument, keywordValue, stringValue, type ImportMap, type LexicalScan, type PythonSource, type SyntaxNode } from "@gpu-compat/python";
import { looksLikeOption, programName, pythonLaunch, type ShellCommand, type ShellWord } from "@gpu-compat/shell";
import { callKey } from "./dtype-owners.js";
import { lastUse } from "./shell-flags.js";

/** vLLM's engine-argument classes; `LLM` is matched as `vllm.LLM` only (langchain and others have an `LLM`). */
const ENGINE_ARGS = new Set(["EngineArgs", "AsyncEngineArgs"]);

/** `vllm.LLM(...)`, `EngineArgs(...)` or `AsyncEngineArgs(...)` imported from vLLM. */
export function isVllmEngineCall(call: SyntaxNode, imports: ImportMap): boolean {
  const fn = call.childForFieldName("function");
  const key = callKey(call, imports);
  if (!fn || !key || !imports.qualifiedName(fn)?.startsWith("vllm.")) return false;
  return key === "vllm.LLM" || ENGINE_ARGS.has(key.split(".").pop()!);
}

/**
 * The calls of a file isVllmEngineCall accepts, in document order, found from the names they can be called by: an
 * engine class's own name (`LLM(...)`, `vllm.LLM(...)`) or a local name an import binds to one (`from vllm import LLM
 * as Engine`). Asking every call of the file cost more than the rest of the rule where vLLM is named often (trl).
 */
export function vllmEngineCalls(source: PythonSource): SyntaxNode[] {
  const classes = ["LLM", ...ENGINE_ARGS];
  const names = new Set(classes);
  for (const [local, target] of source.imports.bindings) if (classes.includes(target.split(".").pop()!)) names.add(local);
  // Each call is found once: by the one name its callee ends in.
  const calls = [...source.callsNamed(names)].map(({ call }) => call).filter((call) => isVllmEngineCall(call, source.imports));
  return calls.sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * Whether a text may hold an engine call isVllmEngineCall accepts, told without parsing: its qualified name starts
 * with `vllm` (the module where a dotted name starts: an import, or `vllm.LLM`) and ends in an engine class, whose
 * name is a code name too (in the import or the call).
 */
export function mayCallVllmEngine(scan: LexicalScan): boolean {
  return scan.hasLeadingName("vllm") && ["LLM", ...ENGINE_ARGS].some((name) => scan.hasCodeName(name));
}

/**
 * The calls a kwargs holder is spread into: `kw = {...}` or `kw = dict(...)`, then `f(**kw)`. Empty when the
 * holder is not assigned to a plain name.
 */
export function splatCallsOf(source: PythonSource, holder: SyntaxNode): SyntaxNode[] {
  const assignment = holder.parent;
  const target = assignment?.type === "assignment" && assignment.childForFieldName("right")?.startIndex === holder.startIndex ? assignment.childForFieldName("left") : null;
  const binding = target?.type === "identifier" ? source.semantic.bindingOf(target) : undefined;
  if (!binding) return [];
  const calls: SyntaxNode[] = [];
  for (const reference of source.semantic.referencesOf(binding)) {
    const splat = reference.parent;
    const call = splat?.type === "dictionary_splat" && splat.parent?.type === "argument_list" ? splat.parent.parent : null;
    if (call?.type === "call") calls.push(call);
  }
  return calls;
}

/** The kwargs a value is the `dtype` of: the dict of a `"dtype": value` pair, or the `dict(...)` of `dtype=value`. */
export function dtypeHolderOf(value: SyntaxNode, imports: ImportMap): SyntaxNode | null {
  let node = value;
  while (node.parent?.type === "parenthesized_expression" || node.parent?.type === "conditional_expression") node = node.parent;
  const holder = node.parent;
  if (holder?.type === "pair" && holder.childForFieldName("value")?.startIndex === node.startIndex) {
    return stringValue(holder.childForFieldName("key")) === "dtype" && holder.parent?.type === "dictionary" ? holder.parent : null;
  }
  if (holder?.type === "keyword_argument" && holder.childForFieldName("name")?.text === "dtype") {
    const call = callOfArgument(holder);
    const fn = call?.childForFieldName("function");
    return call && fn?.type === "identifier" && fn.text === "dict" && !imports.bindings.has("dict") ? call : null;
  }
  return null;
}

/** Kwargs spread into vLLM engines only (at least one): their `dtype` is vLLM's, as if written in the call. */
export function vllmEngineOfKwargs(source: PythonSource, holder: SyntaxNode): SyntaxNode | undefined {
  const calls = splatCallsOf(source, holder);
  return calls.length > 0 && calls.every((call) => isVllmEngineCall(call, source.imports)) ? calls[0] : undefined;
}

/**
 * The vLLM engines a value reaches as their dtype without being written in the call: through kwargs
 * (`kw = {"dtype": value}`, `LLM(**kw)`), or as the default of a wrapper's parameter whose every use is an engine's
 * `dtype=` (`def make_llm(dtype="bfloat16"): return LLM(model, dtype=dtype)`).
 */
export function vllmEngineReached(source: PythonSource, value: SyntaxNode): SyntaxNode | undefined {
  const holder = dtypeHolderOf(value, source.imports);
  if (holder) return vllmEngineOfKwargs(source, holder);
  return wrapperEngine(source, value);
}

function wrapperEngine(source: PythonSource, value: SyntaxNode): SyntaxNode | undefined {
  let node = value;
  while (node.parent?.type === "parenthesized_expression" || node.parent?.type === "conditional_expression") node = node.parent;
  const parameter = node.parent;
  if ((parameter?.type !== "default_parameter" && parameter?.type !== "typed_default_parameter") || parameter.childForFieldName("value")?.startIndex !== node.startIndex) return undefined;
  const name = parameter.childForFieldName("name");
  const binding = name?.type === "identifier" ? source.semantic.bindingOf(name) : undefined;
  const references = binding ? source.semantic.referencesOf(binding) : [];
  if (references.length === 0) return undefined;
  let engine: SyntaxNode | undefined;
  for (const reference of references) {
    const argument = reference.parent;
    if (argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.text !== "dtype" || argument.childForFieldName("value")?.startIndex !== reference.startIndex) return undefined;
    const call = callOfArgument(argument);
    if (!call || !isVllmEngineCall(call, source.imports)) return undefined;
    engine ??= call;
  }
  return engine;
}

/**
 * A vLLM server command line: `vllm serve MODEL ...` (the model positional or `--model`), or
 * `python -m vllm.entrypoints.openai.api_server --model MODEL ...`; the words it parses, and the model if written.
 */
export function vllmServer(command: ShellCommand): { args: ShellWord[]; model: string | undefined } | undefined {
  const known = (word: { value: string; dynamic: boolean } | undefined) => (word && !word.dynamic ? word.value : undefined);
  if (programName(command.name) === "vllm" && command.args[0]?.value === "serve") {
    const args = command.args.slice(1);
    const positional = args[0] && !looksLikeOption(args[0]) ? args[0] : undefined;
    return { args, model: known(lastUse(args, "model")?.value ?? positional) };
  }
  const launch = pythonLaunch(command);
  if (launch?.entry.kind !== "module" || !launch.entry.name.startsWith("vllm.entrypoints.")) return undefined;
  return { args: launch.args, model: known(lastUse(launch.args, "model")?.value) };
}

/** The model id passed to the engine, when it is a string literal: `LLM("google/gemma-2-9b")` or `model=...`. */
export function modelName(call: SyntaxNode): string | null {
  const keyword = keywordArgument(call, "model");
  if (keyword) return stringValue(keywordValue(keyword));
  const first = argumentsOf(call)[0];
  return first && first.type !== "keyword_argument" ? stringValue(first) : null;
}
