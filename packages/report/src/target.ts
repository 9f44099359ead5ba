import type { Target } from "@gpu-compat/targets";

/** Numbers as people write them: no trailing ".0", at most one decimal. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, "");
}

export function computeCapability(target: Target): string {
  const { major, minor } = target.gpu.computeCapability;
  return `${major}.${minor}`;
}

function yesNo(value: boolean | undefined): string {
  return value ? "yes" : "no";
}

/** One line, e.g. `2 x Tesla T4 (Turing, compute capability 7.5, 15 GiB each)`. */
export function targetLine(target: Target): string {
  const { gpu, count } = target;
  const memory = `${formatNumber(gpu.memoryGiB)} GiB${count > 1 ? " each" : ""}`;
  const line =
    gpu.arch === "TPU" ? `${count} x ${gpu.name} (not a CUDA device, ${memory})` : `${count} x ${gpu.name} (${gpu.arch}, compute capability ${computeCapability(target)}, ${memory})`;
  return target.platform ? `${line} on ${target.platform.name}` : line;
}

function platformFacts(target: Target): string | undefined {
  const platform = target.platform;
  if (!platform) return undefined;
  const facts = [`${platform.cpus} CPUs`, `${formatNumber(platform.ramGiB)} GiB RAM`];
  if (platform.shmGiB !== undefined) facts.push(`${formatNumber(platform.shmGiB)} GiB /dev/shm`);
  return `${platform.name} (${facts.join(", ")})`;
}

/** The target profile as label/value rows, in the order the report shows them. */
export function targetRows(target: Target): Array<[label: string, value: string]> {
  const { gpu } = target;
  const rows: Array<[string, string]> = [
    ["Target", target.name],
    ["GPU", `${gpu.name} (${gpu.id})`],
    ["Count", String(target.count)],
    ["Architecture", gpu.arch],
    ["Compute capability", gpu.arch === "TPU" ? "none (not a CUDA device)" : computeCapability(target)],
    ["Memory per GPU", `${formatNumber(gpu.memoryGiB)} GiB`],
    ["Shared memory per block", `${formatNumber(gpu.maxSharedMemoryPerBlock / 1024)} KB`],
    ["bf16", yesNo(gpu.features.bf16)],
    ["TF32", yesNo(gpu.features.tf32)],
    ["FP16 tensor cores", yesNo(gpu.features.fp16TensorCores)],
    ["FlashAttention-2", yesNo(gpu.features.flashAttention2)],
    ["Triton (torch.compile)", yesNo(gpu.features.triton)],
    ["Kernels in PyTorch 2.11+ default wheels", yesNo(gpu.features.currentTorchWheels)],
  ];
  const platform = platformFacts(target);
  if (platform !== undefined) rows.push(["Platform", platform]);
  return rows;
}
