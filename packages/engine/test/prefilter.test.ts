import { readFileSync } from "node:fs";
import {
  adapterFor,
  createProjectFacts,
  kindOfPath,
  LiteralFinder,
  loadParsers,
  processDocument,
  runProject,
  type DocumentAdapter,
  type Finding,
  type Parsers,
} from "@gpu-compat/engine";
import { allRules, rulesFor, type Rule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureCases, FIXTURE_TARGETS, PLATFORM_FIXTURE_TARGETS, projectFiles } from "../../rules/test/fixtures.js";
import { writeTree } from "./tree.js";

let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers("native");
});

const key = (finding: Finding) => JSON.stringify(finding);

// The safety net of the prefilter: the rule fixtures run through processDocument, which parses every file; here
// the same inputs go through runProject, which parses only what the prefilter lets through. Any finding the
// prefilter would lose shows up as a difference, for every rule alone and for all rules together.
describe("the prefilter loses no finding on the rule fixtures", () => {
  const cases = fixtureCases();
  // Each case in a folder of its own, with the other files of its repository (`<case>.project/`) beside it. The
  // folders are numbered: names such as `tpu-cuda-code/` or `ok-xla/` would read as files for another accelerator.
  const files = Object.fromEntries(
    cases.flatMap((c, i): [string, string][] => [
      [`case${i}/${c.virtualPath}`, readFileSync(c.inputPath, "utf8")],
      ...Object.entries(projectFiles(c)).map(([path, text]): [string, string] => [`case${i}/${path}`, text]),
    ]),
  );
  const root = writeTree(files);
  const targets = [...FIXTURE_TARGETS, ...Object.keys(PLATFORM_FIXTURE_TARGETS)];

  // Each input is opened (parsed, its document built) once and the document reused for every target and rule set:
  // neither goes into the parse, and opening every input again for each of the ~400 comparisons below was most of
  // this file's time (199 s once on a loaded machine).
  const opened = new Map<string, ReturnType<DocumentAdapter["open"]>>();
  afterAll(() => {
    for (const document of opened.values()) if ("document" in document) document.document.dispose();
  });
  const adapters = new Map<string, DocumentAdapter>();
  const openedOnce = (path: string): DocumentAdapter => {
    const adapter = adapterFor(kindOfPath(path)!, parsers);
    const open = (text: string): ReturnType<DocumentAdapter["open"]> => {
      if (!opened.has(path)) opened.set(path, adapter.open(text));
      const once = opened.get(path)!;
      return "error" in once ? once : { document: { run: (rules, base) => once.document.run(rules, base), dispose() {} } };
    };
    return { ...adapter, open };
  };

  /** What processDocument finds in every fixture input: no prefilter at all. */
  const everyFileParsed = (targetName: string, rules: readonly Rule[]): string[] => {
    const target = resolveTarget(targetName);
    const project = createProjectFacts(root, () => parsers.python);
    return Object.entries(files).flatMap(([path, text]) => {
      if (!adapters.has(path)) adapters.set(path, openedOnce(path));
      const outcome = processDocument(adapters.get(path)!, path, text, { target, rules, mode: "check", project });
      return outcome.findings.map(key);
    });
  };
  const prefiltered = async (targetName: string, rules: readonly Rule[]): Promise<string[]> => {
    const result = await runProject({ root, target: resolveTarget(targetName), mode: "check", rules, workers: 1 });
    return result.files.flatMap((file) => file.findings.map(key));
  };

  it("has fixtures with findings to compare", () => {
    expect(everyFileParsed("t4", rulesFor(resolveTarget("t4"))).length).toBeGreaterThan(100);
  });

  it.each(targets)("on %s with every rule", async (targetName) => {
    const rules = rulesFor(resolveTarget(targetName));
    expect((await prefiltered(targetName, rules)).sort()).toEqual(everyFileParsed(targetName, rules).sort());
  });

  it.each(allRules.map((rule) => [rule.id, rule] as const))("for %s alone, on every target", async (_, rule) => {
    for (const targetName of targets) {
      const rules = rule.appliesTo(resolveTarget(targetName)) ? [rule] : [];
      expect((await prefiltered(targetName, rules)).sort(), targetName).toEqual(everyFileParsed(targetName, rules).sort());
    }
  });
});

describe("what the prefilter skips", () => {
  const t4 = resolveTarget("t4");
  const t4x2 = resolveTarget("t4x2");
  const notebook = (cells: { cell_type: string; source: string }[]) =>
    JSON.stringify({ cells: cells.map((c) => ({ ...c, metadata: {}, ...(c.cell_type === "code" ? { outputs: [], execution_count: null } : {}) })), metadata: {}, nbformat: 4, nbformat_minor: 5 });

  it("parses a Python file only when a trigger literal is in code, not in comments or docstrings", async () => {
    const root = writeTree({
      "docs_only.py": '"""Example:\n    >>> model.to(torch.bfloat16)\n"""\n# bf16 and tf32 are faster on an A100\nEXAMPLE = """pipe = Pipeline.from_pretrained("org/model-7b", torch_dtype=torch.bfloat16)"""\n',
      "code.py": "import torch\nx = torch.zeros(2, dtype=torch.bfloat16)  # bf16\n",
      "fstring.py": 'import torch\nprint(f"""{torch.ones(1, dtype=torch.bfloat16)}""")\n',
      // A triple-quoted string passed in a call is a value, not a docstring.
      "triple_value.py": 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained(path, torch_dtype="""bfloat16""")\n',
    });
    const result = await runProject({ root, target: t4, mode: "check", workers: 1 });
    expect(result.summary.filesParsed).toBe(3);
    expect(result.files.map((f) => f.path).sort()).toEqual(["code.py", "fstring.py", "triple_value.py"]);
  });

  it("reads notebooks' code cells and `!` lines, not their markdown", async () => {
    const root = writeTree({
      "markdown.ipynb": notebook([{ cell_type: "markdown", source: "Trained in bfloat16 on an A100: cd into the repo first." }, { cell_type: "code", source: "x = 1  # bfloat16" }]),
      "code.ipynb": notebook([{ cell_type: "code", source: "import torch\nx = torch.zeros(2, dtype=torch.bfloat16)" }]),
      "shell.ipynb": notebook([{ cell_type: "code", source: "!cd data" }]),
    });
    const result = await runProject({ root, target: t4, mode: "check", workers: 1 });
    expect(result.summary.filesParsed).toBe(2);
    expect(result.files.map((f) => f.path).sort()).toEqual(["code.ipynb", "shell.ipynb"]);
  });

  it("reads Markdown's shell blocks, not its prose or other blocks", async () => {
    const root = writeTree({
      "README.md": "Trained in bf16 with `accelerate launch --mixed_precision bf16`.\n\n```python\nx = torch.bfloat16\n```\n",
      "docs/train.md": "```bash\naccelerate launch --mixed_precision bf16 train.py\n```\n",
    });
    const result = await runProject({ root, target: t4, mode: "check", workers: 1 });
    expect(result.summary.filesParsed).toBe(1);
    expect(result.files.map((f) => f.path)).toEqual(["docs/train.md"]);
  });

  it("counts literals in comments for rules that read them (unused suppressions)", async () => {
    const root = writeTree({ "suppressed.py": "x = 1  # gpu-compat: ignore[bf16-dtype]\n" });
    const result = await runProject({ root, target: t4, mode: "check", workers: 1 });
    expect(result.files.flatMap((f) => f.findings.map((finding) => finding.rule))).toEqual(["unused-suppression"]);
  });

  it("parses a config for a precision rule only when it can be a kind of config the rule reads (its kind's keys are there)", async () => {
    const root = writeTree({
      // Megatron-LM's test recipes: command-line flags as keys, no kind of config a rule reads.
      "recipes/gpt.yaml": "MODEL_ARGS:\n  --bf16: true\n  --num-layers: 12\n",
      "results.json": JSON.stringify({ run: { dtype: "bfloat16", bf16: true } }),
      "train.yaml": "output_dir: out\nlearning_rate: 1.0e-4\nbf16: true\n",
      "accelerate.yaml": "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nmixed_precision: bf16\n",
      "ds_config.json": JSON.stringify({ bf16: { enabled: true }, zero_optimization: { stage: 2 } }),
    });
    const result = await runProject({ root, target: t4, mode: "check", workers: 1 });
    expect(result.summary.filesParsed).toBe(3);
    expect(result.files.map((f) => f.path).sort()).toEqual(["accelerate.yaml", "ds_config.json", "train.yaml"]);
  });

  it("reads `base_model` as an Axolotl key only, not inside `base_model_name_or_path` (PEFT's adapter_config.json)", async () => {
    const root = writeTree({
      "adapter/adapter_config.json": JSON.stringify({ base_model_name_or_path: "meta-llama/Llama-2-7b-hf", peft_type: "LORA", r: 8 }),
      "axolotl.yml": "base_model: NousResearch/Llama-2-7b-hf\ndatasets:\n  - path: mhenrichsen/alpaca_2k_test\n",
      "quoted.json": JSON.stringify({ base_model: "NousResearch/Llama-2-7b-hf", datasets: [{ path: "x" }] }),
    });
    const result = await runProject({ root, target: t4, mode: "check", workers: 1, rules: [allRules.find((r) => r.id === "trainer-bf16")!] });
    expect(result.summary.filesParsed).toBe(2);
    expect(result.files.map((f) => f.path).sort()).toEqual(["axolotl.yml", "quoted.json"]);
  });

  it("skips model loads device-map-auto cannot size or leaves alone, and keeps those with a size in a literal or a local config.json", async () => {
    const load = (id: string) => `from transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained(${id})\n`;
    const root = writeTree({
      "argument.py": `import sys\n${load("sys.argv[1]")}`,
      "not_transformers.py": 'from diffusers import UNet2DModel\nmodel = UNet2DModel.from_pretrained("org/model-70b")\n',
      "named.py": load('"meta-llama/Llama-2-13b-hf"'),
      "local.py": load('"./checkpoints/base"'),
      // A tokenizer is no model class; a sharding framework in code leaves the placement to it.
      "tokenizer.py": 'from transformers import AutoTokenizer\ntokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-2-13b-hf")\n',
      "sharded.py": `import deepspeed\n${load('"meta-llama/Llama-2-13b-hf"')}`,
      // A 13B decoder, as its config says (nothing in the path names a size).
      "checkpoints/base/config.json": JSON.stringify({ hidden_size: 5120, num_hidden_layers: 40, intermediate_size: 13824, vocab_size: 32000, num_attention_heads: 40 }),
    });
    const result = await runProject({ root, target: t4x2, mode: "check", workers: 1, rules: [allRules.find((r) => r.id === "device-map-auto")!] });
    expect(result.summary.filesParsed).toBe(2);
    expect(result.files.map((f) => f.path).sort()).toEqual(["local.py", "named.py"]);
  });

  // A training script may load its model in a module it imports (a LoRA/QLoRA run split into a loader and a
  // trainer, issue 17): batch-size reads a file with training arguments even without from_pretrained, and skips one
  // with neither.
  it("parses training arguments without a from_pretrained model, which batch-size may size through an imported loader", async () => {
    const root = writeTree({
      "args_only.py": "from transformers import TrainingArguments\nargs = TrainingArguments(output_dir='out', per_device_train_batch_size=64)\n",
      "with_model.py": "from transformers import AutoModelForCausalLM, TrainingArguments\nmodel = AutoModelForCausalLM.from_pretrained('meta-llama/Llama-2-7b-hf')\nargs = TrainingArguments(output_dir='out', per_device_train_batch_size=64)\n",
      "model_only.py": "from transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained('meta-llama/Llama-2-7b-hf')\n",
    });
    const result = await runProject({ root, target: t4, mode: "check", workers: 1, rules: [allRules.find((r) => r.id === "batch-size")!] });
    expect(result.summary.filesParsed).toBe(2);
    expect(result.files.map((f) => f.path)).toEqual(["with_model.py"]);
  });

  it("skips files with only the trigger literals of fp8, triton-shared-memory and remote-code-kwargs, none of what they report", async () => {
    const rules = allRules.filter((rule) => ["fp8", "triton-shared-memory", "remote-code-kwargs"].includes(rule.id));
    const triton = "import triton\nimport triton.language as tl\n\n@triton.jit\ndef kernel(a, b, out, BLOCK: tl.constexpr):\n";
    const load = (keywords: string) => `from transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained("Qwen/Qwen-7B", ${keywords})\n`;
    const root = writeTree({
      // Transformer Engine layers and fp8 settings, without an FP8 context, dtype, `_scaled_mm` or mixed_precision="fp8".
      "te_layers.py": "import transformer_engine.pytorch as te\nlayer = te.Linear(16, 16)\nif config.fp8:\n    recipe = config.fp8_recipe\n",
      // float8 only inside a helper's name, Transformer Engine only in a string and through the project's own wrapper.
      "float8_tests.py":
        'from megatron.core.extensions.transformer_engine import te_checkpoint\nfrom .utils import is_float8tensor\nif impl == "transformer_engine" and is_float8tensor(p):\n    with torch.autocast("cuda"):\n        y = f(p)\n',
      "te_context.py": "import transformer_engine.pytorch as te\nwith te.fp8_autocast(enabled=True):\n    y = layer(x)\n",
      "accelerate_fp8.py": 'from accelerate import Accelerator\naccelerator = Accelerator(mixed_precision="fp8")\n',
      // An elementwise kernel has no `tl.dot` tiles to size; a matmul kernel is read.
      "elementwise.py": `${triton}    tl.store(out, tl.load(a) + tl.load(b))\n`,
      "matmul.py": `${triton}    tl.store(out, tl.dot(tl.load(a), tl.load(b)))\n`,
      "remote.py": load("trust_remote_code=True"),
      "remote_bf16.py": load("trust_remote_code=True, bf16=True"),
    });
    const result = await runProject({ root, target: t4, mode: "check", workers: 1, rules });
    expect(result.summary.filesParsed).toBe(4); // matmul.py is parsed, and has no config to report.
    expect(result.files.flatMap((f) => f.findings.map((finding) => `${f.path} ${finding.rule}`)).sort()).toEqual([
      "accelerate_fp8.py fp8",
      "remote_bf16.py remote-code-kwargs",
      "te_context.py fp8",
    ]);
  });
});

describe("rules whose findings need a module's name where a dotted name starts", () => {
  it("skips files that name flash_attn or unsloth only as a setting or a string, or pass Unsloth no bfloat16", async () => {
    const rules = allRules.filter((rule) => ["flash-attn-package", "unsloth-bf16"].includes(rule.id));
    const root = writeTree({
      "settings.py": 'if model_args.flash_attn == "fa2":\n    kwargs["attn_implementation"] = "flash_attention_2"\nrequire("flash_attn")\n',
      "unsloth_loader.py": 'from unsloth import FastLanguageModel\nmodel, tok = FastLanguageModel.from_pretrained(**unsloth_kwargs)\n',
      "unsloth_named.py": 'if model_args.use_unsloth:\n    load(dtype=torch.bfloat16)\n',
      "flash.py": "from flash_attn import flash_attn_func\nout = flash_attn_func(q, k, v)\n",
      "unsloth_bf16.py": "import torch\nfrom unsloth import FastLanguageModel\nmodel, tok = FastLanguageModel.from_pretrained(name, dtype=torch.bfloat16)\n",
    });
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "check", workers: 1, rules });
    expect(result.summary.filesParsed).toBe(2);
    expect(result.files.map((f) => `${f.path} ${[...new Set(f.findings.map((finding) => finding.rule))].join(",")}`).sort()).toEqual(["flash.py flash-attn-package", "unsloth_bf16.py unsloth-bf16"]);
  });

  it("skips files that name vLLM without an engine call, or give its engine no bfloat16", async () => {
    const rules = allRules.filter((rule) => ["vllm-bf16", "vllm-memory"].includes(rule.id));
    const root = writeTree({
      "backend.py": 'if args.infer_backend == "vllm":\n    from .vllm_engine import VllmEngine\n    engine = VllmEngine(dtype=torch.bfloat16)\n',
      "engine_fp16.py": 'from vllm import LLM\nllm = LLM("meta-llama/Llama-2-7b-hf", dtype="float16")\n',
      "engine_bf16.py": 'from vllm import LLM\nllm = LLM("meta-llama/Llama-2-7b-hf", dtype="BFloat16")\n',
    });
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "check", workers: 1, rules });
    expect(result.summary.filesParsed).toBe(2); // engine_fp16.py is read for its memory settings.
    expect(result.files.flatMap((f) => f.findings.map((finding) => `${f.path} ${finding.rule}`))).toContain("engine_bf16.py vllm-bf16");
    expect(result.files.map((f) => f.path)).not.toContain("backend.py");
  });
});

describe("files whose bfloat16 is only tested", () => {
  const t4 = resolveTarget("t4");
  // PEFT's tuner layers: every bfloat16 in code asks what a dtype is (src/peft/tuners/*/layer.py).
  const layer = [
    "import torch",
    "",
    "def get_delta_weight(weight, dtype, device):",
    '    cast_to_fp32 = device.type == "cpu" and (dtype == torch.float16 or dtype == torch.bfloat16)',
    "    if dtype not in [torch.float32, torch.float16, torch.bfloat16]:",
    '        raise ValueError("Please initialize under float32, float16, or bfloat16.")',
    "    if weight.dtype in (torch.float16, torch.bfloat16) and weight.dtype != torch.bfloat16:",
    "        weight = weight.float()",
    "    return cast_to_fp32",
    "",
    'def get_torch_dtype(dtype: Literal["float32", "float16", "bfloat16"], choices=["float16", "bfloat16"]):',
    '    return dtype == "bfloat16"',
    "",
  ].join("\n");
  const nearMisses = {
    "picks.py": "import torch\ndtype = torch.bfloat16 if x == y else torch.float16\n",
    "casts.py": "import torch\nif x.dtype == torch.float16:\n    x = x.to(torch.bfloat16)\n",
    "listed.py": "import torch\nSUPPORTED = [torch.float16, torch.bfloat16]\n",
    "looped.py": "import torch\nfor dtype in (torch.float16, torch.bfloat16):\n    run(dtype)\n",
    "call_argument.py": "import torch\nsame = torch.zeros(2, dtype=torch.bfloat16) == y\n",
    // A test under a precision switch: bf16-dtype notes the switch, and reports it.
    "switch.py": "import torch\nif args.bf16:\n    same = x.dtype == torch.bfloat16\n",
  };

  it("does not parse a file whose every bfloat16 is a test, and parses each near miss, which bf16-dtype reports", async () => {
    const root = writeTree({ "layer.py": layer, ...nearMisses });
    const result = await runProject({ root, target: t4, mode: "check", workers: 1 });
    expect(result.summary.filesParsed).toBe(Object.keys(nearMisses).length);
    const findings = result.files.flatMap((f) => [...new Set(f.findings.map((finding) => `${f.path} ${finding.rule}`))]);
    expect(findings.sort()).toEqual(Object.keys(nearMisses).map((path) => `${path} bf16-dtype`).sort());
    // Parsed anyway, the layer has nothing to report: skipping it loses nothing.
    const parsed = processDocument(adapterFor("python", parsers), "layer.py", layer, { target: t4, rules: rulesFor(t4), mode: "check", project: createProjectFacts(root) });
    expect(parsed.findings).toEqual([]);
  });

  it("does not parse a file that only reads a bf16 flag, and parses the keywords and strings the bf16 rules report", async () => {
    const root = writeTree({
      "reads_flag.py": "from transformers import TrainingArguments\nif args.bf16:\n    print('bf16')\n",
      "trainer.py": "from transformers import TrainingArguments\nargs = TrainingArguments(output_dir='out', bf16=True)\n",
      "accelerator.py": 'from accelerate import Accelerator\naccelerator = Accelerator(mixed_precision="bf16")\n',
      "lightning.py": 'import lightning as L\ntrainer = L.Trainer(precision="bf16-mixed")\n',
    });
    const result = await runProject({ root, target: t4, mode: "check", workers: 1 });
    expect(result.summary.filesParsed).toBe(3);
    const findings = result.files.flatMap((f) => [...new Set(f.findings.map((finding) => `${f.path} ${finding.rule}`))]);
    expect(findings.sort()).toEqual(["accelerator.py accelerate-bf16", "lightning.py lightning-bf16", "trainer.py trainer-bf16"]);
  });
});

describe.each([
  ["bytes", (finder: LiteralFinder, text: string) => finder.find(Buffer.from(text))],
  ["a decoded text", (finder: LiteralFinder, text: string) => finder.findInText(text)],
])("LiteralFinder in %s", (_, read) => {
  const find = (literals: string[], text: string) => [...read(new LiteralFinder(literals), text)].sort();

  it("finds each literal that occurs", () => {
    expect(find(["bf16", "tf32", "fp8"], "use bf16 and fp8")).toEqual(["bf16", "fp8"]);
    expect(find(["bf16"], "nothing here")).toEqual([]);
    expect(find([], "bf16")).toEqual([]);
  });

  it("finds literals that a longer match covers, or that overlap a match's end", () => {
    expect(find(["bf16", "is_bf16_supported"], "torch.cuda.is_bf16_supported()")).toEqual(["bf16", "is_bf16_supported"]);
    expect(find(["abc", "bcd"], "xabcdx")).toEqual(["abc", "bcd"]);
    expect(find(["abc", "bcd"], "xabcx")).toEqual(["abc"]);
  });

  it("matches bytes, non-ASCII literals and regular-expression characters included", () => {
    expect(find(["précision", "a.b", "<<<"], "la précision, kernel<<<grid>>>, axb")).toEqual(["<<<", "précision"]);
  });
});
