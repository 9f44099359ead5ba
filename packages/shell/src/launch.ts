import type { ShellCommand } from "./source.js";
import { isStatic, programName, type ShellWord } from "./words.js";

/** The programs that start a Python entry point. */
export type Launcher = "python" | "torchrun" | "deepspeed" | "accelerate launch" | "tune run";

/** A command that runs a Python script or module: `torchrun --nproc_per_node 2 train.py --bf16 True`. */
export interface PythonLaunch {
  command: ShellCommand;
  launcher: Launcher;
  /** The launcher's own options (`--nproc_per_node 2`, `--mixed_precision bf16`; for python `-u`). */
  options: ShellWord[];
  /** The script (`train.py`), the module run with `-m`, or torchtune's recipe (`full_finetune_distributed`); `name` is its value. */
  entry: { kind: "script" | "module"; word: ShellWord; name: string };
  /** What the script or module receives. */
  args: ShellWord[];
}

/** `python3.11`, `/usr/bin/python3`, `.venv/bin/python`. */
const PYTHON = /^python(\d+(\.\d+)*)?$/;

/** Modules that are launchers themselves: `python -m torch.distributed.run ... train.py`. */
const LAUNCHER_MODULES: ReadonlyMap<string, Launcher> = new Map([
  ["torch.distributed.run", "torchrun"],
  ["torch.distributed.launch", "torchrun"],
  ["accelerate.commands.launch", "accelerate launch"],
  ["deepspeed.launcher.runner", "deepspeed"],
]);

/**
 * The Python entry point a command runs, if it runs one. The rule, word by word after any `nohup`, `exec`, `time`
 * or `env NAME=value` prefix:
 * - `python`/`python3`/`python3.N` (any directory): python's own options, then a script (the first other word;
 *   it may be `$SCRIPT`) or `-m module`; `-c` and `-` (stdin) are no entry point. `-m torch.distributed.run`,
 *   `torch.distributed.launch`, `accelerate.commands.launch` and `deepspeed.launcher.runner` are launchers and
 *   are read as such.
 * - `torchrun`, `deepspeed`, `accelerate launch`: the launcher's options, then the script: the first word that
 *   ends in `.py` and is not an option, or the word right after `-m`/`--module`. Without one of those (a
 *   `$SCRIPT` the launcher receives) the command counts as no entry point, since the launcher's options that
 *   take values cannot be told from the script without the launcher's option table.
 */
export function pythonLaunch(command: ShellCommand): PythonLaunch | undefined {
  const words = unwrap([command.name, ...command.args]);
  const base = words?.[0] && programName(words[0]);
  if (!words || !base) return undefined;
  const rest = words.slice(1);
  if (PYTHON.test(base)) return viaPython(command, rest);
  if (base === "torchrun" || base === "deepspeed") return viaLauncher(command, base, rest);
  if (base === "accelerate" && rest[0]?.value === "launch" && isStatic(rest[0])) return viaLauncher(command, "accelerate launch", rest.slice(1));
  if (base === "tune" && rest[0]?.value === "run" && isStatic(rest[0])) return viaTune(command, rest.slice(1));
  return undefined;
}

/** torchrun's options that take no value; every other `--option` takes the next word unless written `--option=value`. */
const TORCHRUN_SWITCHES = new Set(["--standalone", "--no-python", "--no_python", "--run-path", "--run_path", "-m", "--module"]);

/**
 * `tune run [torchrun options] <recipe> --config <config> [recipe options]`: torchtune's parser takes torchrun's
 * own argparse options, and the recipe is the first word that is not one of them (torchtune's `_cli/run.py`).
 */
function viaTune(command: ShellCommand, rest: ShellWord[]): PythonLaunch | undefined {
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (!isStatic(word)) return undefined;
    if (!word.value.startsWith("-")) {
      return { command, launcher: "tune run", options: rest.slice(0, i), entry: { kind: "script", word, name: word.value }, args: rest.slice(i + 1) };
    }
    if (!word.value.includes("=") && !TORCHRUN_SWITCHES.has(word.value)) i += 1;
  }
  return undefined;
}

/** Drops the programs that run the rest of the line as a command; undefined where their options are unclear. */
function unwrap(words: ShellWord[]): ShellWord[] | undefined {
  let at = 0;
  for (;;) {
    const head = words[at];
    if (!head || !isStatic(head)) return words.slice(at);
    if (head.value === "nohup") at += 1;
    else if (head.value === "time" || head.value === "exec") {
      at += 1;
      // `time -p`; `exec -c`/`-l` take no value (`exec -a NAME` does: not followed).
      while (words[at] && /^-[pcl]+$/.test(words[at]!.value)) at += 1;
      if (words[at]?.value.startsWith("-")) return undefined;
    } else if (head.value === "env") {
      at += 1;
      while (words[at] && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[at]!.value) || words[at]!.value === "-i")) at += 1;
      if (words[at]?.value.startsWith("-")) return undefined;
    } else return words.slice(at);
  }
}

function viaPython(command: ShellCommand, rest: ShellWord[]): PythonLaunch | undefined {
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    const value = word.value;
    if (!isStatic(word) || !value.startsWith("-")) {
      return { command, launcher: "python", options: rest.slice(0, i), entry: { kind: "script", word, name: value }, args: rest.slice(i + 1) };
    }
    if (value === "-") return undefined;
    if (value.startsWith("--")) {
      if (value === "--check-hash-based-pycs") i += 1;
      continue;
    }
    // A group of one-letter options (`-u`, `-uB`, `-OO`); `-c`, `-m`, `-W` and `-X` take the rest of the group
    // or the next word.
    const group = value.slice(1);
    for (let k = 0; k < group.length; k++) {
      const letter = group[k];
      if (letter === "c") return undefined;
      if (letter === "m") {
        const joined = group.slice(k + 1);
        const module = joined ? word : rest[i + 1];
        if (!module || !isStatic(module)) return undefined;
        const at = joined ? i : i + 1;
        return viaModule(command, rest.slice(0, at), module, joined || module.value, rest.slice(at + 1));
      }
      if (letter === "W" || letter === "X") {
        if (k === group.length - 1) i += 1;
        break;
      }
    }
  }
  return undefined;
}

/** `python [options] -m module args`; a launcher module reads `args` as its own command line. */
function viaModule(command: ShellCommand, before: ShellWord[], word: ShellWord, name: string, args: ShellWord[]): PythonLaunch {
  const launcher = LAUNCHER_MODULES.get(name);
  const launched = launcher && viaLauncher(command, launcher, args);
  if (launched) return { ...launched, options: [...before, word, ...launched.options] };
  return { command, launcher: "python", options: before, entry: { kind: "module", word, name }, args };
}

function viaLauncher(command: ShellCommand, launcher: Launcher, rest: ShellWord[]): PythonLaunch | undefined {
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (!isStatic(word)) continue;
    if (word.value === "-m" || word.value === "--module") {
      const module = rest[i + 1];
      if (module && isStatic(module) && !module.value.startsWith("-")) {
        return { command, launcher, options: rest.slice(0, i + 1), entry: { kind: "module", word: module, name: module.value }, args: rest.slice(i + 2) };
      }
    } else if (word.value.endsWith(".py") && !word.value.startsWith("-")) {
      return { command, launcher, options: rest.slice(0, i), entry: { kind: "script", word, name: word.value }, args: rest.slice(i + 1) };
    }
  }
  return undefined;
}
