import type { PythonSource } from "@gpu-compat/python";
import type { PythonLaunch } from "@gpu-compat/shell";
import type { RuleContextBase } from "../types.js";

/** Classes whose fields become command-line flags (HfArgumentParser, TRL's TrlParser): `--fp16` always exists. */
const DATACLASS_PARSERS = ["HfArgumentParser", "TrlParser", "TrainingArguments", "Seq2SeqTrainingArguments", "SFTConfig", "DPOConfig", "GRPOConfig"];

/**
 * Whether the script a launch runs takes a flag, when the repo holds it: true for a Hugging Face dataclass parser
 * (every TrainingArguments field is a flag), the answer of its own argparse options otherwise, undefined when the
 * script is not in the repo or reads its flags some other way.
 */
export function scriptTakesFlag(context: RuleContextBase, launch: PythonLaunch, flag: string): boolean | undefined {
  const source = launchedScript(context, launch)?.source;
  if (!source) return undefined;
  if (DATACLASS_PARSERS.some((name) => !source.occurrences(name).next().done)) return true;
  const options = source.semantic.argparseOptions();
  if (options.length === 0) return undefined;
  return options.some((option) => option.flags.includes(flag));
}

/** The launched script, parsed, with its root-relative path: from the shell file's folder, else from the root. */
export function launchedScript(context: RuleContextBase, launch: PythonLaunch): { path: string; source: PythonSource } | undefined {
  if (launch.entry.kind !== "script" || !context.project.pythonSource || launch.entry.name.includes("$")) return undefined;
  const folder = (context.path ?? "").split("/").slice(0, -1).join("/");
  for (const path of [joinPath(folder, launch.entry.name), joinPath("", launch.entry.name)]) {
    const source = path === undefined ? undefined : context.project.pythonSource(path);
    if (source) return { path: path!, source };
  }
  return undefined;
}

/** `scripts` + `../train.py` -> `train.py`; undefined for absolute paths or ones that leave the root. */
function joinPath(folder: string, name: string): string | undefined {
  if (name.startsWith("/")) return undefined;
  const parts: string[] = [];
  for (const part of [...folder.split("/"), ...name.split("/")]) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}
