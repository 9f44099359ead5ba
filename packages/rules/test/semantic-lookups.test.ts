import { adapterFor, loadParsers, processDocument, type Parsers } from "@gpu-compat/engine";
import { loadPythonParser, PythonSource, type PythonParser } from "@gpu-compat/python";
import { findRule, loadWeightsOf } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";

// The rules' name lookups go through the semantic model: scopes decide which binding a name means, and settings
// defaults (argparse, dataclasses, environment) count as constants.
let parsers: Parsers;
let parser: PythonParser;
beforeAll(async () => {
  parsers = await loadParsers();
  parser = await loadPythonParser();
});

function run(ruleId: string, targetName: string, text: string) {
  const rule = findRule(ruleId)!;
  const target = resolveTarget(targetName);
  return processDocument(adapterFor("python", parsers), "train.py", text, { target, rules: [rule], mode: "fix" });
}

const HEADER = "import argparse\nimport os\nimport torch\nfrom dataclasses import dataclass, field\nfrom transformers import AutoModelForCausalLM, HfArgumentParser\n";
const LOAD = 'model = AutoModelForCausalLM.from_pretrained(MODEL, torch_dtype=torch.float16).to("cuda")\n';

describe("a 7B model id from a setting's default sizes the load (device-map-auto on two T4s)", () => {
  const spreads = (text: string) => run("device-map-auto", "t4x2", text).fixed?.includes('device_map="auto"') ?? false;
  const ID = '"Qwen/Qwen2.5-7B-Instruct"';

  it("through an argparse default, also in a function passed the parsed arguments", () => {
    const parse = `parser = argparse.ArgumentParser()\nparser.add_argument("--model_name_or_path", default=${ID})\nargs = parser.parse_args()\n`;
    expect(spreads(HEADER + parse + LOAD.replace("MODEL", "args.model_name_or_path"))).toBe(true);
    const inMain = `parser = argparse.ArgumentParser()\nparser.add_argument("--model-name", default=${ID})\ndef main(args):\n    ${LOAD.replace("MODEL", "args.model_name")}`;
    expect(spreads(HEADER + inMain)).toBe(true);
    expect(spreads(HEADER + parse.replace(ID, "None") + LOAD.replace("MODEL", "args.model_name_or_path"))).toBe(false);
  });

  it("through a dataclass field HfArgumentParser fills, and an environment default", () => {
    const dataclass = `@dataclass\nclass ModelArguments:\n    model_name_or_path: str = field(default=${ID})\n`;
    const parse = "(model_args,) = HfArgumentParser((ModelArguments,)).parse_args_into_dataclasses()\n";
    expect(spreads(HEADER + dataclass + parse + LOAD.replace("MODEL", "model_args.model_name_or_path"))).toBe(true);
    expect(spreads(HEADER + LOAD.replace("MODEL", `os.environ.get("MODEL", ${ID})`))).toBe(true);
    expect(spreads(HEADER + LOAD.replace("MODEL", 'os.environ.get("MODEL")'))).toBe(false);
  });

  it("through a name only where that name is visible", () => {
    expect(spreads(`${HEADER}MODEL = ${ID}\ndef load():\n    ${LOAD}`)).toBe(true);
    // Assigned in another function: not the name the load reads.
    expect(spreads(`${HEADER}def config():\n    MODEL = ${ID}\ndef load(MODEL):\n    ${LOAD}`)).toBe(false);
  });
});

describe("the model's other moves, by scope", () => {
  const text = (other: string) =>
    `${HEADER}model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen2.5-7B-Instruct", torch_dtype=torch.float16).to("cuda")\n${other}`;

  it("leaves alone a function whose own loop variable has the model's name", () => {
    const fixed = run("device-map-auto", "t4x2", text('def warm(models):\n    for model in models:\n        model.to("cuda")\n')).fixed;
    expect(fixed).toContain('device_map="auto")\n');
  });

  it("still treats a parameter of that name as the model passed in", () => {
    const result = run("device-map-auto", "t4x2", text('def evaluate(model):\n    model.to("cuda")\n'));
    expect(result.fixed ?? "").not.toContain('device_map="auto"');
    expect(result.findings.map((f) => f.hint ?? "").join()).not.toBe("");
  });
});

describe("a quantization config through the name the load sees", () => {
  const weights = (code: string) => {
    const text = `from transformers import AutoModelForCausalLM, BitsAndBytesConfig\n${code}`;
    const source = new PythonSource(text, parser.parse(text).root);
    const call = source.root.descendantsOfType("call").filter((c) => c?.text.includes("from_pretrained")).at(-1)!;
    return loadWeightsOf(source, call)?.label;
  };

  it("uses the function's own config when another function assigns the same name", () => {
    const code = `def a():\n    cfg = BitsAndBytesConfig(load_in_4bit=True)\ndef b():\n    cfg = BitsAndBytesConfig(load_in_8bit=True)\n    return AutoModelForCausalLM.from_pretrained("x", quantization_config=cfg)\n`;
    expect(weights(code)).toBe("8-bit (bitsandbytes)");
  });

  it("does not read a module-level config through a parameter that shadows it", () => {
    const code = `cfg = BitsAndBytesConfig(load_in_4bit=True)\ndef load(cfg):\n    return AutoModelForCausalLM.from_pretrained("x", quantization_config=cfg)\n`;
    expect(weights(code)).toBeUndefined();
    expect(weights(code.replace("def load(cfg)", "def load()"))).toBe("4-bit (bitsandbytes)");
  });
});

describe("the GradScaler's name (autocast-bf16)", () => {
  const loop = (extra: string) =>
    `import torch\n${extra}\ndef train(model, loader, optimizer):\n    for batch in loader:\n        optimizer.zero_grad()\n        with torch.autocast("cuda", dtype=torch.bfloat16):\n            loss = model(**batch).loss\n        loss.backward()\n        optimizer.step()\n`;

  it("may be `scaler` when only another function has a `scaler` of its own", () => {
    const fixed = run("autocast-bf16", "t4", loop("def other():\n    scaler = 1\n    return scaler\n")).fixed!;
    expect(fixed).toContain('    scaler = torch.amp.GradScaler("cuda")\n    for batch in loader:');
  });

  it("is `grad_scaler` when `scaler` is a module name the function sees", () => {
    const fixed = run("autocast-bf16", "t4", loop("scaler = 1\n")).fixed!;
    expect(fixed).toContain('    grad_scaler = torch.amp.GradScaler("cuda")\n');
  });
});
