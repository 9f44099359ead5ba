import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { kindOfPath, runProject } from "@gpu-compat/engine";
import { resolveTarget } from "@gpu-compat/targets";
import { describe, expect, it } from "vitest";
import { writeTree } from "./tree.js";

// The `yaml` package is a dependency of @gpu-compat/config, not of the engine: load it from there.
const requireFromConfig = createRequire(new URL("../../config/package.json", import.meta.url));
const yaml = requireFromConfig("yaml") as { parse(text: string, options?: object): unknown };

const ACCELERATE = `# accelerate config written on the A100 box
compute_environment: LOCAL_MACHINE
distributed_type: MULTI_GPU
downcast_bf16: 'no'
machine_rank: 0
main_training_function: main
mixed_precision: bf16   # A100 only
num_machines: 1
num_processes: 2
use_cpu: false
`;

const DEEPSPEED = `{
    "bf16": {
        "enabled": true
    },
    "zero_optimization": {
        "stage": 2,
        "overlap_comm": true
    },
    "train_micro_batch_size_per_gpu": "auto"
}
`;

const makeTree = (files: Record<string, string | Buffer>) => writeTree(files, "gpu-compat-config-");

describe("config files in runProject", () => {
  it("rewrites an accelerate YAML and a DeepSpeed JSON, keeping comments and indentation, and both still load", async () => {
    const root = makeTree({ "configs/accelerate.yaml": ACCELERATE, "configs/ds_zero2.json": DEEPSPEED, "package.json": '{"bf16": {"enabled": true}}' });
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "fix" });
    expect(result.diagnostics).toEqual([]);

    const accelerate = readFileSync(join(root, "configs/accelerate.yaml"), "utf8");
    // One T4: fp16 instead of bf16, and one process instead of the two the config starts.
    const fixed = ACCELERATE.replace("mixed_precision: bf16   # A100 only", "mixed_precision: fp16   # A100 only")
      .replace("distributed_type: MULTI_GPU", "distributed_type: 'NO'")
      .replace("num_processes: 2", "num_processes: 1");
    expect(accelerate).toBe(fixed);
    expect(yaml.parse(accelerate, { version: "1.1" })).toMatchObject({ mixed_precision: "fp16", downcast_bf16: "no" });

    const deepspeed = readFileSync(join(root, "configs/ds_zero2.json"), "utf8");
    expect(deepspeed).toBe(DEEPSPEED.replace('"bf16"', '"fp16"'));
    expect(JSON.parse(deepspeed)).toEqual({ fp16: { enabled: true }, zero_optimization: { stage: 2, overlap_comm: true }, train_micro_batch_size_per_gpu: "auto" });

    const rules = result.files.flatMap((f) => f.findings.map((finding) => `${f.path}:${finding.start.line} ${finding.rule}`)).sort();
    expect(rules).toEqual(["configs/accelerate.yaml:7 accelerate-bf16", "configs/accelerate.yaml:9 launcher-gpu-count", "configs/ds_zero2.json:2 deepspeed-bf16"]);
    expect(readFileSync(join(root, "package.json"), "utf8")).toBe('{"bf16": {"enabled": true}}');
  });

  it("writes 'no' quoted on a P100, so PyYAML still reads a string", async () => {
    const root = makeTree({ "default_config.yaml": ACCELERATE });
    await runProject({ root, target: resolveTarget("p100"), mode: "fix" });
    const text = readFileSync(join(root, "default_config.yaml"), "utf8");
    expect(text).toContain("mixed_precision: 'no'   # A100 only\n");
    expect(yaml.parse(text, { version: "1.1" })).toMatchObject({ mixed_precision: "no" });
  });

  it("reports a config that does not load and leaves it as it is", async () => {
    const broken = '{\n  "bf16": {"enabled": true},\n}\n';
    const root = makeTree({ "ds.json": broken });
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "fix" });
    expect(result.diagnostics).toEqual([
      { path: "ds.json", kind: "syntax-error", message: expect.stringMatching(/^not valid JSON: .*; the file was not checked or changed\.$/), start: { line: 3, column: 1 } },
    ]);
    expect(readFileSync(join(root, "ds.json"), "utf8")).toBe(broken);
  });

  it("honours `# gpu-compat: ignore` on a YAML line", async () => {
    const text = ACCELERATE.replace("# A100 only", "# gpu-compat: ignore[accelerate-bf16]");
    const root = makeTree({ "accelerate.yaml": text });
    const result = await runProject({ root, target: resolveTarget("t4x2"), mode: "fix" });
    expect(result.files.flatMap((f) => f.findings)).toEqual([]);
    expect(readFileSync(join(root, "accelerate.yaml"), "utf8")).toBe(text);
  });

  it("reads YAML and JSON by extension, but not JSON that is never a training config", () => {
    expect(kindOfPath("configs/axolotl.yml")).toBe("yaml");
    expect(kindOfPath("ds_config.json")).toBe("json");
    for (const path of ["package.json", "tsconfig.build.json", "models/base/tokenizer_config.json", ".vscode/settings.json", "nb.ipynb"]) {
      expect(kindOfPath(path), path).not.toBe("json");
    }
  });
});

describe("requirementPin", () => {
  it("reads a package's specifier from the root's dependency files, the first file in name order winning", async () => {
    const { createProjectFacts } = await import("../src/project-facts.js");
    const root = makeTree({
      "requirements.txt": "transformers>=4.40\ntorch==2.1.2  # cu121\naccelerate\n",
      "setup.py": 'install_requires=["torch>=2.4", "peft"]\n',
      "pyproject.toml": '[project]\ndependencies = ["numpy<2", "Torch >=2.0, <2.3"]\n',
    });
    const facts = createProjectFacts(root);
    expect(facts.requirementPin?.("torch")).toBe(">=2.0,<2.3"); // pyproject.toml sorts first
    expect(facts.requirementPin?.("numpy")).toBe("<2");
    expect(facts.requirementPin?.("transformers")).toBe(">=4.40");
    expect(facts.requirementPin?.("peft")).toBeUndefined();
  });
});

describe("bf16-emulation-check and the project's torch pin", () => {
  const code = "import torch\n\ndtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16\n";
  it("rewrites the check when torch is not pinned below 2.3", async () => {
    const root = makeTree({ "train.py": code, "requirements.txt": "torch>=2.4\n" });
    await runProject({ root, target: resolveTarget("t4"), mode: "fix" });
    expect(readFileSync(join(root, "train.py"), "utf8")).toContain("is_bf16_supported(including_emulation=False)");
  });

  it("leaves it alone under a pin below 2.3, where the check answers False on a T4 and has no such keyword", async () => {
    const root = makeTree({ "train.py": code, "requirements.txt": "torch==2.1.2\n" });
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "fix" });
    expect(readFileSync(join(root, "train.py"), "utf8")).toBe(code);
    expect(result.files.flatMap((f) => f.findings).filter((f) => f.rule === "bf16-emulation-check")).toEqual([]);
  });
});

describe("torch-wheel-arch: one finding per project", () => {
  const notebook = (source: string[]) => JSON.stringify({ cells: [{ cell_type: "code", metadata: {}, outputs: [], source }], metadata: {}, nbformat: 4, nbformat_minor: 5 });
  const findingsOf = async (files: Record<string, string>, target: string) => {
    const result = await runProject({ root: writeTree(files), target: resolveTarget(target), mode: "check" });
    return result.files.flatMap((f) => f.findings.filter((x) => x.rule === "torch-wheel-arch").map((x) => `${f.path}:${x.start.line}`));
  };

  it("on Kaggle without a torch requirement, reports the first notebook that imports torch, once", async () => {
    const files = {
      "b.ipynb": notebook(["import torch\n", "x = torch.ones(2).cuda()\n"]),
      "a.py": "import torch\n",
      "src/model.py": "from torch import nn\n",
      "z.ipynb": notebook(["import torch\n"]),
    };
    expect(await findingsOf(files, "kaggle-p100")).toEqual(["b.ipynb:1"]);
    expect(await findingsOf(files, "p100")).toEqual([]); // the environment is unknown without a platform
    expect(await findingsOf(files, "kaggle-t4x2")).toEqual([]);
  });

  it("reports the first root dependency file that names torch, not the imports", async () => {
    const files = { "requirements.txt": "transformers\ntorch\n", "requirements-dev.txt": "torch\npytest\n", "train.py": "import torch\n" };
    expect(await findingsOf(files, "kaggle-p100")).toEqual(["requirements-dev.txt:1"]);
    expect(await findingsOf(files, "v100")).toEqual(["requirements-dev.txt:1"]);
  });

  it("says nothing when the project installs an older build anywhere", async () => {
    const install = notebook(["!pip install torch==2.7.1 --index-url https://download.pytorch.org/whl/cu126\n", "import torch\n"]);
    expect(await findingsOf({ "run.ipynb": install, "train.py": "import torch\n" }, "kaggle-p100")).toEqual([]);
    expect(await findingsOf({ "requirements.txt": "torch\n", "setup.sh": "pip install 'torch<2.8'\n" }, "kaggle-p100")).toEqual([]);
    expect(await findingsOf({ "requirements.txt": "torch>=2.1,<2.8\n", "train.py": "import torch\n" }, "kaggle-p100")).toEqual([]);
  });
});
