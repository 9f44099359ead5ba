import type { Target } from "@gpu-compat/targets";

/**
 * Files written for another kind of accelerator, told by their path: a folder named for it (`docker-rocm/`,
 * `examples/ascend/`, `npu/`), a Dockerfile named for it (`Dockerfile.rocm`, `Dockerfile_amd`, `Dockerfile.xpu`), or
 * a file whose name carries the device as a word (`AMD-Llama3_(8B)-Alpaca.ipynb`, `train_npu.sh`, `run_tpu.py`:
 * Unsloth keeps ~150 `AMD-*` notebooks for ROCm beside its CUDA ones).
 * Repos keep such variants beside their CUDA ones; what runs there is not what runs on the target's GPUs, so they
 * are not checked (a bf16 config for an Ascend NPU is right as it is), and the run says so.
 */
const DEVICES: readonly { name: string; words: RegExp; tpu?: true }[] = [
  { name: "AMD GPUs (ROCm)", words: /^(?:rocm|amd|hip)$/ },
  { name: "Ascend NPUs", words: /^(?:npu|ascend)$/ },
  { name: "Intel GPUs and CPUs", words: /^(?:xpu|intel|ipex)$/ },
  { name: "Habana Gaudi", words: /^(?:hpu|habana|gaudi|gaudi2)$/ },
  { name: "AWS Inferentia and Trainium", words: /^(?:inferentia|trainium)$/ },
  { name: "TPUs", words: /^(?:tpu|xla)$/, tpu: true },
  { name: "Apple silicon (MPS)", words: /^(?:mps|mlx)$/ },
];

/**
 * Words of a file's own name that are ordinary English or domain words too (`hip_xray.py`, `intel_report.py`):
 * a folder or Dockerfile named so is for that device, a file name alone is not evidence enough.
 */
const AMBIGUOUS_IN_FILE_NAMES = new Set(["hip", "intel"]);

/** A folder's name, a Dockerfile's suffix, or a file's name without its extension, split into words: `docker-rocm` -> docker, rocm. */
function pathWords(path: string): string[] {
  const parts = path.toLowerCase().split("/");
  const file = parts.pop() ?? "";
  const words = parts.flatMap((part) => part.split(/[-_.]/));
  const dockerfile = /^dockerfile[._-](.+)$/.exec(file) ?? /^(.+)\.dockerfile$/.exec(file);
  if (dockerfile) words.push(...dockerfile[1]!.split(/[-_.]/));
  else {
    const stem = file.replace(/\.[^.]*$/, "");
    words.push(...stem.split(/[-_.\s()[\]]+/).filter((word) => !AMBIGUOUS_IN_FILE_NAMES.has(word)));
  }
  return words;
}

/** The accelerator a file's path names when it is not the target's, or undefined. */
export function otherDeviceOfPath(path: string, target: Target): string | undefined {
  const onTpu = target.gpu.arch === "TPU";
  const words = pathWords(path);
  // Every target is an NVIDIA GPU or a TPU: only a TPU's own files are the target's.
  return DEVICES.find((device) => !(device.tpu && onTpu) && words.some((word) => device.words.test(word)))?.name;
}
