import { ConfigSource, formatPath, parseConfig, type ConfigFormat } from "@gpu-compat/config";
import { applyEdits, type TextEdit } from "@gpu-compat/python";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import * as samples from "./samples.js";

function open(text: string, format: ConfigFormat): ConfigSource {
  const parsed = parseConfig(text, format);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
}

/** Applies an edit, checks the result still loads, and returns it with its loaded value. */
function edited(text: string, format: ConfigFormat, edit: TextEdit | undefined): { text: string; data: unknown } {
  expect(edit, "an edit").toBeDefined();
  const out = applyEdits(text, [edit!]);
  expect(parseConfig(out, format)).toBeInstanceOf(ConfigSource);
  return { text: out, data: format === "json" ? JSON.parse(out) : parseYaml(out, { version: "1.1" }) };
}

const slice = (text: string, start: number, end: number) => text.slice(start, end);

describe("entries", () => {
  it("gives exact value and key ranges for plain, quoted, flow and empty YAML scalars", () => {
    const text = "a: plain\nb: 'single'\nc: \"double\" # note\nd: {e: true, f: [1, x]}\ng:\nh:\n  - item\n";
    const source = open(text, "yaml");
    const ranges = source.entries().map((e) => [e.path.join("."), e.value, slice(text, e.valueStart, e.valueEnd), e.keyStart === undefined ? null : slice(text, e.keyStart, e.keyEnd!)]);
    expect(ranges).toEqual([
      ["a", "plain", "plain", "a"],
      ["b", "single", "'single'", "b"],
      ["c", "double", '"double"', "c"],
      ["d.e", true, "true", "e"],
      ["d.f.0", 1, "1", null],
      ["d.f.1", "x", "x", null],
      ["g", null, "", "g"],
      ["h.0", "item", "item", null],
    ]);
    expect(source.get(["g"])!.valueStart).toBe(text.indexOf("g:") + 2);
  });

  it("gives exact ranges in JSON, strings with their quotes", () => {
    const text = '{\n  "bf16": {"enabled": true},\n  "lr": 1e-5,\n  "name": "a\\"b",\n  "list": [null, false]\n}';
    const ranges = open(text, "json")
      .entries()
      .map((e) => [e.path.join("."), e.value, slice(text, e.valueStart, e.valueEnd)]);
    expect(ranges).toEqual([
      ["bf16.enabled", true, "true"],
      ["lr", 1e-5, "1e-5"],
      ["name", 'a"b', '"a\\"b"'],
      ["list.0", null, "null"],
      ["list.1", false, "false"],
    ]);
  });

  it("reads CRLF files with offsets into the text as it is", () => {
    const text = "# c\r\nbf16: true\r\nfp16: false # x\r\n";
    const source = open(text, "yaml");
    const bf16 = source.get(["bf16"])!;
    expect(slice(text, bf16.valueStart, bf16.valueEnd)).toBe("true");
    expect(slice(text, bf16.keyStart!, bf16.keyEnd!)).toBe("bf16");
    const json = '{\r\n  "a": 1,\r\n  "b": "x"\r\n}\r\n';
    const b = open(json, "json").get(["b"])!;
    expect(slice(json, b.valueStart, b.valueEnd)).toBe('"x"');
  });

  it("reads booleans as PyYAML does (YAML 1.1) and lets the last duplicate key win", () => {
    const source = open("a: yes\nb: off\nc: 1\nc: 2\n", "yaml");
    expect(source.get(["a"])!.value).toBe(true);
    expect(source.get(["b"])!.value).toBe(false);
    expect(source.get(["c"])!.value).toBe(2);
  });

  it("lists the keys of a mapping and what each holds", () => {
    const source = open(samples.DEEPSPEED_ZERO2, "json");
    expect(source.keysOf([])).toEqual(["bf16", "zero_optimization", "gradient_accumulation_steps", "train_micro_batch_size_per_gpu", "wall_clock_breakdown"]);
    expect(source.keysOf(["bf16"])).toEqual(["enabled"]);
    expect(source.key(["bf16"])!.holds).toBe("mapping");
    expect(source.key(["wall_clock_breakdown"])!.holds).toBe("scalar");
  });
});

describe("kind", () => {
  it.each([
    ["accelerate", samples.ACCELERATE_FSDP, "yaml"],
    ["deepspeed", samples.DEEPSPEED_ZERO2, "json"],
    ["deepspeed", samples.DEEPSPEED_PRECISION_ONLY, "json"],
    ["axolotl", samples.AXOLOTL_LORA, "yaml"],
    ["llama-factory", samples.LLAMA_FACTORY_SFT, "yaml"],
    ["training-arguments", samples.TRL_RECIPE, "yaml"],
    ["training-arguments", samples.TRAINING_ARGS_JSON, "json"],
    ["model-config", samples.MODEL_CONFIG, "json"],
    ["litgpt", samples.LITGPT_LORA, "yaml"],
    ["unknown", samples.GITHUB_WORKFLOW, "yaml"],
    ["unknown", "- a\n- b\n", "yaml"],
    ["unknown", "---\ncompute_environment: LOCAL_MACHINE\n---\nb: 1\n", "yaml"],
    ["unknown", "", "yaml"],
    ["unknown", '{"name": "pkg", "version": "1.0.0"}', "json"],
  ] as const)("%s", (kind, text, format) => {
    expect(open(text, format).kind).toBe(kind);
  });

  // JSON that JSON.parse reads is told from its parsed value, the rest from the layout tree: both agree.
  it.each([
    ["deepspeed", '{"bf16": {"enabled": true}}'],
    ["deepspeed", '{"bf16": {"enabled": true}, "loss": NaN}'],
    // With a repeated key the last one counts, as json.load keeps it: not a bf16 block.
    ["unknown", '{"bf16": {"enabled": true}, "bf16": true}'],
    ["unknown", '{"bf16": {"enabled": true}, "bf16": true, "loss": NaN}'],
    ["deepspeed", '{"bf16": true, "bf16": {"enabled": true}}'],
    ["unknown", "[1, 2]"],
  ] as const)("%s from JSON %s", (kind, text) => {
    const source = open(text, "json");
    expect(source.kind).toBe(kind);
    // The tree, built when a rule reads further, holds what the text holds.
    expect(source.keys().length).toBeGreaterThanOrEqual(kind === "unknown" && text.startsWith("[") ? 0 : 1);
  });

  it("still refuses JSON that does not load, naming where", () => {
    expect(parseConfig('{"bf16": true,}', "json")).toMatchObject({ error: expect.stringContaining("not valid JSON") });
  });
});

describe("replaceValue", () => {
  it("keeps the quote style of the old scalar and writes booleans bare", () => {
    const text = "a: 'bf16'\nb: \"bf16\"\nc: bf16\nd: 'true'\n";
    const source = open(text, "yaml");
    expect(edited(text, "yaml", source.replaceValue(source.get(["a"])!, "fp16")).text).toContain("a: 'fp16'\n");
    expect(edited(text, "yaml", source.replaceValue(source.get(["b"])!, "fp16")).text).toContain('b: "fp16"\n');
    expect(edited(text, "yaml", source.replaceValue(source.get(["c"])!, "fp16")).text).toContain("c: fp16\n");
    expect(edited(text, "yaml", source.replaceValue(source.get(["d"])!, false)).text).toContain("d: false\n");
  });

  it("quotes a plain string that would load as something else (`no` is a boolean to PyYAML)", () => {
    const text = "mixed_precision: bf16  # or fp16\n";
    const source = open(text, "yaml");
    const out = edited(text, "yaml", source.replaceValue(source.get(["mixed_precision"])!, "no"));
    expect(out.text).toBe("mixed_precision: 'no'  # or fp16\n");
    expect(out.data).toEqual({ mixed_precision: "no" });
  });

  it("fills an empty value with its space, and keeps flow collections valid", () => {
    const text = "fp16:\nd: {a: x, b: [z]}\n";
    const source = open(text, "yaml");
    expect(edited(text, "yaml", source.replaceValue(source.get(["fp16"])!, true)).text).toBe("fp16: true\nd: {a: x, b: [z]}\n");
    const flow = edited(text, "yaml", source.replaceValue(source.get(["d", "a"])!, "p,q"));
    expect(flow.data).toEqual({ fp16: null, d: { a: "p,q", b: ["z"] } });
  });

  it("writes JSON literals in JSON", () => {
    const text = '{"mixed_precision": "bf16", "bf16": {"enabled": true}}';
    const source = open(text, "json");
    expect(edited(text, "json", source.replaceValue(source.get(["mixed_precision"])!, "no")).text).toBe('{"mixed_precision": "no", "bf16": {"enabled": true}}');
    expect(edited(text, "json", source.replaceValue(source.get(["bf16", "enabled"])!, false)).data).toEqual({ mixed_precision: "bf16", bf16: { enabled: false } });
  });

  it("refuses block scalars and tagged values", () => {
    const source = open("a: |\n  text\nb: !!str true\n", "yaml");
    expect(source.replaceValue(source.get(["a"])!, "x")).toBeUndefined();
    expect(source.replaceValue(source.get(["b"])!, "x")).toBeUndefined();
  });

  it("leaves comments, indentation and CRLF line ends as they were", () => {
    const text = "# top\r\ntrain:\r\n  bf16: true   # A100 only\r\n  lr: 1e-4\r\n";
    const source = open(text, "yaml");
    const out = edited(text, "yaml", source.replaceValue(source.get(["train", "bf16"])!, false));
    expect(out.text).toBe("# top\r\ntrain:\r\n  bf16: false   # A100 only\r\n  lr: 1e-4\r\n");
  });
});

describe("removeEntry", () => {
  it("removes a YAML line with its trailing comment, keeping the comment lines around it", () => {
    const text = "# precision\r\nbf16: true  # Ampere\r\nfp16: true\r\n";
    const source = open(text, "yaml");
    const out = edited(text, "yaml", source.removeEntry(source.get(["bf16"])!));
    expect(out.text).toBe("# precision\r\nfp16: true\r\n");
  });

  it("removes nested YAML lines and the last line without a line break", () => {
    const text = "train:\n  bf16: true\n  fp16: false";
    const source = open(text, "yaml");
    expect(edited(text, "yaml", source.removeEntry(source.get(["train", "fp16"])!)).text).toBe("train:\n  bf16: true\n");
  });

  it("does not cut a line it shares with a sequence dash or a multi-line value", () => {
    const source = open("items:\n  - bf16: true\n    fp16: false\nb: |\n  x\n", "yaml");
    expect(source.removeEntry(source.get(["items", 0, "bf16"])!)).toBeUndefined();
    expect(source.removeEntry(source.get(["b"])!)).toBeUndefined();
    const fp16 = source.removeEntry(source.get(["items", 0, "fp16"])!);
    expect(fp16).toBeDefined();
  });

  it("removes JSON members with the right comma, keeping the indentation of the rest", () => {
    const text = '{\n  "a": 1,\n  "b": {"c": 2, "d": 3},\n  "e": 4\n}\n';
    const source = open(text, "json");
    expect(edited(text, "json", source.removeEntry(source.get(["a"])!)).text).toBe('{\n  "b": {"c": 2, "d": 3},\n  "e": 4\n}\n');
    expect(edited(text, "json", source.removeEntry(source.get(["e"])!)).text).toBe('{\n  "a": 1,\n  "b": {"c": 2, "d": 3}\n}\n');
    expect(edited(text, "json", source.removeEntry(source.get(["b", "c"])!)).text).toBe('{\n  "a": 1,\n  "b": {"d": 3},\n  "e": 4\n}\n');
    expect(edited(text, "json", source.removeEntry(source.get(["b", "d"])!)).text).toBe('{\n  "a": 1,\n  "b": {"c": 2},\n  "e": 4\n}\n');
    expect(edited(text, "json", source.removeEntry(source.key(["b"])!)).text).toBe('{\n  "a": 1,\n  "e": 4\n}\n');
  });

  it("removes the only member of a JSON object and a YAML flow mapping member", () => {
    const json = '{\n  "a": {\n    "enabled": true\n  }\n}';
    const source = open(json, "json");
    expect(edited(json, "json", source.removeEntry(source.get(["a", "enabled"])!)).text).toBe('{\n  "a": {\n  }\n}');
    const yaml = "d: {a: 1, b: 2}\n";
    const flow = open(yaml, "yaml");
    expect(edited(yaml, "yaml", flow.removeEntry(flow.get(["d", "a"])!)).text).toBe("d: {b: 2}\n");
    expect(edited(yaml, "yaml", flow.removeEntry(flow.get(["d", "b"])!)).text).toBe("d: {a: 1}\n");
  });

  it("does not remove sequence items", () => {
    const source = open("[1, 2]", "json");
    expect(source.removeEntry(source.get([0])!)).toBeUndefined();
  });
});

describe("renameKey", () => {
  it("renames in the key's own style", () => {
    const yaml = "bf16: true\n'tf32': true\n";
    const source = open(yaml, "yaml");
    expect(edited(yaml, "yaml", source.renameKey(source.get(["bf16"])!, "fp16")).text).toBe("fp16: true\n'tf32': true\n");
    expect(edited(yaml, "yaml", source.renameKey(source.get(["tf32"])!, "x")).text).toBe("bf16: true\n'x': true\n");
    const json = samples.DEEPSPEED_ZERO2;
    const ds = open(json, "json");
    const out = edited(json, "json", ds.renameKey(ds.key(["bf16"])!, "fp16"));
    expect(out.text).toBe(json.replace('"bf16"', '"fp16"'));
  });
});

describe("parseConfig", () => {
  it.each([
    ["a: [1, 2\n", "yaml", /^not valid YAML: /, 9],
    ["a: b: c\n", "yaml", /^not valid YAML: Nested mappings/, 3],
    ["a:\n\t- b\n", "yaml", /^not valid YAML: /, 3],
    ['{"a": 1,}', "json", /^not valid JSON: property name expected/, 8],
    ['{"a": 1} // c', "json", /^not valid JSON: comments are not allowed/, 9],
    ['{"a": nan}', "json", /^not valid JSON: unexpected character$/, 6],
    ['{"a": -NaNx}', "json", /^not valid JSON: /, 6],
    ["", "json", /^not valid JSON: /, 0],
  ] as const)("refuses %j, saying where it fails", (text, format, message, offset) => {
    const parsed = parseConfig(text, format);
    expect("error" in parsed && parsed.error).toMatch(message);
    expect("error" in parsed && parsed.offset).toBe(offset);
  });

  // What json.load and yaml.safe_load read, and the `json`/`yaml` libraries' strict readings refuse.
  it.each([
    ['{"loss": NaN, "best": -Infinity, "worst": Infinity, "name": "NaN Infinity"}', "json", { loss: Number.NaN, best: -Infinity, worst: Infinity, name: "NaN Infinity" }],
    ["modules: [q_proj,\nv_proj]\nr: 8\n", "yaml", { modules: ["q_proj", "v_proj"], r: 8 }],
    ["lora:\n  target: [\n    q_proj, v_proj\n]\n  r: 8\n", "yaml", { lora: { target: ["q_proj", "v_proj"], r: 8 } }],
    ["a:\n  b: {c: 1,\nd: [2,\n3]}\ne: 4\n", "yaml", { a: { b: { c: 1, d: [2, 3] } }, e: 4 }],
    ['a:\n  b: "foo\nbar"\n  c: \'x\n y\'\n', "yaml", { a: { b: "foo bar", c: "x y" } }],
    ["a: |\n  [not, a, flow\nb: [1,\n2]\n", "yaml", { a: "[not, a, flow\n", b: [1, 2] }],
  ] as const)("reads %j as the Python tools do", (text, format, value) => {
    const parsed = parseConfig(text, format);
    expect("error" in parsed ? parsed.error : valueOf(parsed)).toEqual(value);
  });

  it("keeps offsets of the file's own text when it reads an indented view", () => {
    const text = "a: 1\nmodules: [q_proj,\nv_proj]  # lora\nmixed_precision: bf16\n";
    const parsed = parseConfig(text, "yaml");
    if ("error" in parsed) throw new Error(parsed.error);
    const entry = parsed.entries().find((e) => e.path[0] === "mixed_precision")!;
    expect(text.slice(entry.valueStart, entry.valueEnd)).toBe("bf16");
    const second = parsed.entries().find((e) => e.path[0] === "modules" && e.path[1] === 1)!;
    expect(text.slice(second.valueStart, second.valueEnd)).toBe("v_proj");
  });
});

/** The plain value of a config, from its entries. */
function valueOf(source: ConfigSource): unknown {
  let root: unknown;
  for (const { path, value } of source.entries()) {
    if (path.length === 0) return value;
    let node = (root ??= typeof path[0] === "number" ? [] : {}) as Record<string | number, unknown>;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= typeof path[i + 1] === "number" ? [] : {}) as Record<string | number, unknown>;
    });
  }
  return root;
}

describe("pathAt", () => {
  it("names the entry or key at an offset, as a dotted path with [index] for sequences", () => {
    const yamlText = "deepspeed_config:\n  gradient_accumulation_steps: 2  # per GPU\ndatasets:\n  - path: a.jsonl\n    type: alpaca\n";
    const yaml = new ConfigSource(yamlText, "yaml");
    const at = (text: string, word: string) => text.indexOf(word);
    expect(formatPath(yaml.pathAt(at(yamlText, "gradient_accumulation"))!)).toBe("deepspeed_config.gradient_accumulation_steps");
    expect(formatPath(yaml.pathAt(at(yamlText, "2  #"))!)).toBe("deepspeed_config.gradient_accumulation_steps");
    expect(formatPath(yaml.pathAt(at(yamlText, "deepspeed_config"))!)).toBe("deepspeed_config");
    expect(formatPath(yaml.pathAt(at(yamlText, "alpaca"))!)).toBe("datasets[0].type");
    expect(yaml.pathAt(at(yamlText, "# per GPU"))).toBeUndefined();

    const jsonText = '{\n  "bf16": {\n    "enabled": true\n  }\n}\n';
    const json = new ConfigSource(jsonText, "json");
    expect(formatPath(json.pathAt(at(jsonText, '"enabled"'))!)).toBe("bf16.enabled");
    expect(formatPath(json.pathAt(at(jsonText, '"bf16"'))!)).toBe("bf16");
  });
});
