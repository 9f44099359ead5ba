import { runProject } from "@gpu-compat/engine";
import { resolveTarget } from "@gpu-compat/targets";
import { describe, expect, it } from "vitest";
import { writeTree } from "./tree.js";

// A LLaMA-Factory-like repo: one training config for CUDA GPUs, its variants for other accelerators beside it.
const CONFIG = "model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\nfinetuning_type: lora\nflash_attn: fa2\nbf16: true\noutput_dir: saves\n";

describe("files written for other accelerators", () => {
  const root = writeTree({
    "examples/train_lora/qwen_lora_sft.yaml": CONFIG,
    "examples/ascend/qwen_lora_sft.yaml": CONFIG,
    "docker/docker-rocm/Dockerfile": "FROM rocm/pytorch:latest\nRUN pip install flash-attn --no-build-isolation\n",
    "docker/Dockerfile.xpu": "FROM intel/intel-extension-for-pytorch:latest\nRUN pip install flash-attn\n",
    "examples/tpu/train.py": "import torch\nx = torch.zeros(2, dtype=torch.bfloat16)\n",
    "examples/chipmunk/train.py": "import torch\nx = torch.zeros(2, dtype=torch.bfloat16)\n",
    // Unsloth-like notebook exports: the ROCm variant named with a leading `AMD-`, a script named for its NPU.
    "python_scripts/AMD-Llama3_(8B)-Alpaca.py": "import torch\nx = torch.zeros(2, dtype=torch.bfloat16)\n",
    "scripts/train_npu.py": "import torch\nx = torch.zeros(2, dtype=torch.bfloat16)\n",
    // Words that only contain a device's name, or are ordinary words in a file name, are not one.
    "python_scripts/Llama3_(8B)-Alpaca.py": "import torch\nx = torch.zeros(2, dtype=torch.bfloat16)\n",
    "scripts/amdahl_speedup.py": "import torch\nx = torch.zeros(2, dtype=torch.bfloat16)\n",
    "data/hip_xray.py": "import torch\nx = torch.zeros(2, dtype=torch.bfloat16)\n",
  });

  it("checks the CUDA files and leaves the others out on a T4, each named with its accelerator", async () => {
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "check" });
    const checked = new Set(result.files.filter((file) => file.findings.length > 0).map((file) => file.path));
    expect(checked).toEqual(
      new Set([
        "examples/train_lora/qwen_lora_sft.yaml",
        "examples/chipmunk/train.py",
        "python_scripts/Llama3_(8B)-Alpaca.py",
        "scripts/amdahl_speedup.py",
        "data/hip_xray.py",
      ]),
    );
    const skipped = Object.fromEntries(result.skipped.filter((s) => s.reason === "other-device").map((s) => [s.path, s.message]));
    expect(Object.keys(skipped).sort()).toEqual([
      "docker/Dockerfile.xpu",
      "docker/docker-rocm/Dockerfile",
      "examples/ascend/qwen_lora_sft.yaml",
      "examples/tpu/train.py",
      "python_scripts/AMD-Llama3_(8B)-Alpaca.py",
      "scripts/train_npu.py",
    ]);
    expect(skipped["python_scripts/AMD-Llama3_(8B)-Alpaca.py"]).toContain("AMD GPUs (ROCm)");
    expect(skipped["examples/ascend/qwen_lora_sft.yaml"]).toBe("not checked: written for Ascend NPUs (its path says so), not for t4 (one Tesla T4)");
    expect(skipped["docker/docker-rocm/Dockerfile"]).toContain("AMD GPUs (ROCm)");
  });

  it("reads a TPU's own files on a TPU target, and still leaves the other accelerators' out", async () => {
    const result = await runProject({ root, target: resolveTarget("kaggle-tpu-v3-8"), mode: "check" });
    const skipped = result.skipped.filter((s) => s.reason === "other-device").map((s) => s.path);
    expect(skipped).not.toContain("examples/tpu/train.py");
    expect(skipped).toContain("examples/ascend/qwen_lora_sft.yaml");
  });
});
