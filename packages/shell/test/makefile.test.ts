import { makefileScript } from "@gpu-compat/shell";
import { describe, expect, it } from "vitest";

/** The script's non-blank lines, trimmed, for reading what counts as recipe. */
const shown = (script: string) => script.split("\n").map((line) => line.trim()).filter(Boolean);

describe("makefileScript", () => {
  it("keeps recipe lines at their offsets and blanks everything else", () => {
    const text = "GPUS ?= 8\n\ntrain: data\n\t@echo start\n\ttorchrun --nproc_per_node 8 train.py \\\n\t\t--bf16 True\n\nclean:\n\t-rm -rf out\n";
    const script = makefileScript(text);
    expect(script.length).toBe(text.length);
    expect(script.split("\n").length).toBe(text.split("\n").length);
    expect(shown(script)).toEqual(["echo start", "torchrun --nproc_per_node 8 train.py \\", "--bf16 True", "rm -rf out"]);
    const at = text.indexOf("--nproc_per_node");
    expect(script.slice(at, at + 16)).toBe("--nproc_per_node");
  });

  it("keeps recipes across blank lines, comments and conditionals, and ends them at the next assignment", () => {
    const text = "train:\n\tpython a.py\n# note\n\n\tpython b.py\nifeq ($(X),1)\n\tpython c.py\nendif\nX = 1\n\tpython d.py\n";
    expect(shown(makefileScript(text))).toEqual(["python a.py", "python b.py", "python c.py"]);
  });

  it("leaves out define blocks, variable continuations and assignments that look like rules", () => {
    const text = "define HELP\n\ttorchrun --nproc_per_node 8 x.py\nendef\nFLAGS := a \\\n\tb\nX := y:z\nrun: ; @true\n\tpython run.py\n";
    expect(shown(makefileScript(text))).toEqual(["python run.py"]);
  });

  it("keeps CRLF line ends and astral characters' widths", () => {
    const text = "# 🚀 fast\r\nrun:\r\n\tpython run.py\r\n";
    const script = makefileScript(text);
    expect(script.length).toBe(text.length);
    expect(script.endsWith("\tpython run.py\r\n")).toBe(true);
  });
});

describe("make function calls in recipes", () => {
  it("read as one unknown word of their length; plain variables and $$ stay", () => {
    const text = "train:\n\tpython train.py $(if $(X),--y,) --m=$(MODEL) ${foreach f,a b,$(f)} $$HOME\n";
    const script = makefileScript(text);
    expect(script.length).toBe(text.length);
    expect(shown(script)).toEqual(["python train.py $______________ --m=$(MODEL) $____________________ $$HOME"]);
  });
});
