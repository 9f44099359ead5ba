import { applyEdits, type Backend, type ParsedTree, type TreeParser } from "@gpu-compat/python";
import { flagUses, flagValue, loadShellParser, pythonLaunch, rangeOf, removeFlagEdit, ShellSource, type ShellCommand } from "@gpu-compat/shell";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BACKENDS: readonly Backend[] = ["native", "wasm"];

describe.each(BACKENDS)("ShellSource with the %s parser", (backend) => {
  let parser: TreeParser;
  const trees: ParsedTree[] = [];
  beforeAll(async () => {
    parser = await loadShellParser({ backend });
  });
  afterAll(() => trees.forEach((tree) => tree.dispose()));

  const source = (text: string) => {
    const tree = parser.parse(text);
    trees.push(tree);
    expect(tree.root.hasError).toBe(false);
    return new ShellSource(text, tree.root);
  };
  const only = (text: string): ShellCommand => {
    const commands = source(text).commands();
    expect(commands).toHaveLength(1);
    return commands[0]!;
  };
  const values = (command: ShellCommand) => command.args.map((word) => word.value);

  it("finds the commands of pipelines, lists, functions, conditionals, loops and substitutions, in order", () => {
    const script = [
      "#!/bin/bash",
      "set -e",
      "python a.py | tee log",
      "cd x && python b.py || echo failed",
      "run() { torchrun c.py; }",
      "if [ -n \"$X\" ]; then deepspeed d.py; else (cd y; python3 e.py); fi",
      "for i in 1 2; do accelerate launch f.py --seed $i; done",
      "OUT=$(python g.py)",
      "",
    ].join("\n");
    const names = source(script).commands().map((command) => command.name.value);
    // `[ -n "$X" ]` is a test_command, not a simple command.
    expect(names).toEqual(["set", "python", "tee", "cd", "python", "echo", "torchrun", "deepspeed", "cd", "python3", "accelerate", "python"]);
  });

  it("joins line continuations (LF and CRLF) and leaves redirections out of the arguments", () => {
    for (const eol of ["\n", "\r\n"]) {
      const command = only(`CUDA_VISIBLE_DEVICES=0 torchrun --nproc_per_node 2 train.py \\${eol}  --bf16 True \\${eol}  --output_dir out > log 2>&1${eol}`);
      expect(command.name.value).toBe("torchrun");
      expect(command.env.map((e) => [e.name, e.value.value])).toEqual([["CUDA_VISIBLE_DEVICES", "0"]]);
      expect(values(command)).toEqual(["--nproc_per_node", "2", "train.py", "--bf16", "True", "--output_dir", "out"]);
    }
  });

  it("keeps assignments on an earlier line out of the command's environment", () => {
    const command = only("A=1 B=2\npython train.py\n");
    expect(command.env).toEqual([]);
    expect(command.name.value).toBe("python");
  });

  it("removes quotes and marks words with expansions as dynamic", () => {
    const text = `python "True" 'a b' --x="a b" --y=$Z "$B" c"d"'e' --n=\${N:-1} $(pwd) fo\\o "q\\"r" ""\n`;
    const [command, pwd] = source(text).commands();
    expect(pwd!.name.value).toBe("pwd"); // inside $(pwd), after the command that holds it
    expect(values(command!)).toEqual(["True", "a b", "--x=a b", "--y=$Z", "$B", "cde", "--n=${N:-1}", "$(pwd)", "foo", 'q"r', ""]);
    expect(command!.args.map((word) => word.dynamic)).toEqual([false, false, false, true, true, false, true, true, false, false, false]);
    const [quoted, raw] = command!.args;
    expect(text.slice(quoted!.valueStart, quoted!.valueEnd)).toBe("True");
    expect(text.slice(quoted!.start, quoted!.end)).toBe('"True"');
    expect(text.slice(raw!.valueStart, raw!.valueEnd)).toBe("a b");
    const joined = command!.args[2]!;
    expect(joined.valueStart).toBe(joined.start);
    const inner = rangeOf(joined, 4, 7)!;
    expect(text.slice(inner.start, inner.end)).toBe("a b");
    // An escape is not editable in place.
    expect(rangeOf(command!.args[8]!, 0, 3)).toBeUndefined();
  });

  it("reads --flag value, --flag=value, quoted and bare flags, with editable ranges", () => {
    const text = `python t.py --bf16 "True" --tf32=true --fp16 --seed -1 --mixed_precision="bf16" --a $A --b=$B --lr 1e-4\n`;
    const command = only(text);
    const value = (name: string) => flagValue(command, name);
    expect(value("--bf16")).toMatchObject({ value: "True", joined: false, dynamic: false });
    expect(text.slice(value("--bf16")!.valueStart, value("--bf16")!.valueEnd)).toBe("True");
    expect(value("--tf32")).toMatchObject({ value: "true", joined: true });
    expect(text.slice(value("--tf32")!.valueStart, value("--tf32")!.valueEnd)).toBe("true");
    expect(value("--fp16")).toBeUndefined();
    expect(flagUses(command.args, "--fp16")).toHaveLength(1);
    expect(value("--seed")?.value).toBe("-1");
    const precision = value("--mixed_precision")!;
    expect(text.slice(precision.valueStart, precision.valueEnd)).toBe("bf16");
    expect(value("--a")?.dynamic).toBe(true);
    expect(value("--b")?.dynamic).toBe(true);
    expect(value("--lr")?.value).toBe("1e-4");
    const [joined] = flagUses(command.args, "--tf32");
    expect(text.slice(joined!.nameStart, joined!.nameEnd)).toBe("--tf32");
  });

  it("matches every spelling asked for, and the last use gives the value", () => {
    const command = only("python t.py --bf16-full-eval 1 --bf16_full_eval 0\n");
    expect(flagUses(command.args, ["--bf16_full_eval", "--bf16-full-eval"]).map((use) => use.name)).toEqual(["--bf16-full-eval", "--bf16_full_eval"]);
    expect(flagValue(command.args, ["--bf16_full_eval", "--bf16-full-eval"])?.value).toBe("0");
  });

  it("removes a flag with its value, keeping the layout of continued lines", () => {
    const remove = (text: string, flag: string) => {
      const [use] = flagUses(source(text).commands()[0]!.args, flag);
      const edit = removeFlagEdit(text, use!);
      return edit && applyEdits(text, [edit]);
    };
    expect(remove("python t.py \\\n  --bf16 True \\\n  --x 1\n", "--bf16")).toBe("python t.py \\\n  --x 1\n");
    expect(remove("python t.py \\\n  --x 1 \\\n  --bf16 True\necho done\n", "--bf16")).toBe("python t.py \\\n  --x 1\necho done\n");
    expect(remove("python t.py --tf32=true --x 1 # keep\n", "--tf32")).toBe("python t.py --x 1 # keep\n");
    expect(remove("python t.py --bf16 --x 1\n", "--bf16")).toBe("python t.py --x 1\n");
    expect(remove('python t.py --bf16 "True" > log\n', "--bf16")).toBe("python t.py > log\n");
  });

  it("tells the Python entry point a command launches, and what the script receives", () => {
    const launch = (text: string) => {
      const found = pythonLaunch(only(text));
      return found && { launcher: found.launcher, entry: `${found.entry.kind}:${found.entry.name}`, options: found.options.map((w) => w.value), args: found.args.map((w) => w.value) };
    };
    expect(launch("python -u train.py --bf16 True\n")).toEqual({ launcher: "python", entry: "script:train.py", options: ["-u"], args: ["--bf16", "True"] });
    expect(launch("/opt/venv/bin/python3.11 -W ignore -m trl.scripts.sft --bf16\n")).toEqual({
      launcher: "python",
      entry: "module:trl.scripts.sft",
      options: ["-W", "ignore", "-m"],
      args: ["--bf16"],
    });
    expect(launch("python $SCRIPT --bf16 True\n")?.entry).toBe("script:$SCRIPT");
    expect(launch("torchrun --nproc_per_node 2 --master_port=29500 train.py --bf16 True\n")).toEqual({
      launcher: "torchrun",
      entry: "script:train.py",
      options: ["--nproc_per_node", "2", "--master_port=29500"],
      args: ["--bf16", "True"],
    });
    expect(launch("accelerate launch --mixed_precision bf16 -m my.train --x 1\n")).toEqual({
      launcher: "accelerate launch",
      entry: "module:my.train",
      options: ["--mixed_precision", "bf16", "-m"],
      args: ["--x", "1"],
    });
    expect(launch("python -m torch.distributed.run --nproc_per_node 2 train.py --bf16\n")).toMatchObject({ launcher: "torchrun", entry: "script:train.py", args: ["--bf16"] });
    expect(launch("nohup env WANDB_MODE=offline deepspeed --num_gpus 2 train.py --deepspeed ds.json\n")).toMatchObject({ launcher: "deepspeed", entry: "script:train.py" });
    expect(launch("python -c 'import torch' --bf16 True\n")).toBeUndefined();
    expect(launch("torchrun --nproc_per_node 2 $SCRIPT --bf16 True\n")).toBeUndefined();
    expect(launch("accelerate config --bf16\n")).toBeUndefined();
    expect(launch("echo python train.py --bf16 True\n")).toBeUndefined();
    expect(launch("pip install torch\n")).toBeUndefined();
  });

  it("finds hardware checks that decide whether a command runs", () => {
    const script = [
      "if nvidia-smi --query-gpu=compute_cap --format=csv | grep -q 8; then python a.py --bf16 True; else python b.py; fi",
      'python -c "import torch; exit(not torch.cuda.is_bf16_supported())" && python c.py --bf16 True',
      "if [ -f x ]; then python d.py --bf16 True; fi",
      "",
    ].join("\n");
    const document = source(script);
    const guards = document.commands().filter((c) => c.name.value === "python").map((c) => document.guardOf(c.node));
    expect(guards).toEqual(["nvidia-smi", "nvidia-smi", null, "is_bf16_supported", null]);
  });
});
