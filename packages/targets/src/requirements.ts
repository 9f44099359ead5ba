import type { ComputeCapability, Feature, GpuProfile, Target } from "./types.js";

/**
 * What software needs of a GPU, beyond the `Feature`s, each the lowest compute capability it runs on. The facts
 * and their sources are in `shared/knowledge/gpu-facts.md`; rules name the requirement, never the number.
 */
export type SoftwareRequirement =
  /** vLLM's stated minimum (vLLM installation docs: "compute capability 7.0 or higher"). */
  | "vllm"
  /** Unsloth's stated minimum (Unsloth requirements docs; Pascal "works, but is slow"). */
  | "unsloth"
  /** bitsandbytes' NF4/FP4 4-bit kernels and the library as a whole (bitsandbytes installation docs). */
  | "bitsandbytes"
  /** bitsandbytes' LLM.int8() matrix multiplication (bitsandbytes installation docs). */
  | "bitsandbytesInt8Matmul"
  /** Triton 3.x software pipelining of loops (`num_stages`). */
  | "tritonPipelining"
  /** cuDNN attention in PyTorch's SDPA (ATen `sdp_utils.cpp`). */
  | "sdpaCudnn"
  /** The memory-efficient SDPA kernel (ATen `sdp_utils.cpp`). */
  | "sdpaMemoryEfficient"
  /** Kernels in the default CUDA wheels of PyTorch 2.8 to 2.10 (CUDA 12.8 builds), which kept Volta (pytorch#175253). */
  | "torch28Wheels"
  /** Kernels in PyTorch's CUDA 12.6 wheels (the cu126 index), which keep Maxwell to Volta through 2.14 (pytorch#190385). */
  | "torchCu126Wheels"
  /** What the CUDA 12 toolkit builds for and its libraries run on: Kepler left in 12.0 (pytorch#101187, kokkos#5691). */
  | "cuda12Toolkit"
  /** What the CUDA 13 toolkit builds for and its libraries run on (NVIDIA blog, "Navigating GPU Architecture Support"). */
  | "cuda13Toolkit";

/** Something whose presence is decided by the GPU's compute capability alone. */
export type Requirement = Feature | SoftwareRequirement;

const cc = (major: number, minor: number): ComputeCapability => ({ major, minor });

/** The lowest compute capability each requirement runs on (NVIDIA CUDA C Programming Guide, "Compute Capabilities"). */
const MINIMUM: Record<Requirement, ComputeCapability> = {
  bf16: cc(8, 0),
  tf32: cc(8, 0),
  flashAttention2: cc(8, 0),
  fp8: cc(8, 9),
  fp16TensorCores: cc(7, 0),
  triton: cc(7, 0),
  // PyTorch 2.11 dropped Volta from its CUDA 12.8 builds, and its CUDA 13 builds never had it (pytorch#175253).
  currentTorchWheels: cc(7, 5),
  vllm: cc(7, 0),
  unsloth: cc(7, 0),
  bitsandbytes: cc(6, 0),
  bitsandbytesInt8Matmul: cc(7, 5),
  tritonPipelining: cc(8, 0),
  sdpaCudnn: cc(8, 0),
  sdpaMemoryEfficient: cc(5, 0),
  // PyTorch 2.8 dropped Maxwell and Pascal from its CUDA 12.8 builds, the default on PyPI (pytorch#157517).
  torch28Wheels: cc(7, 0),
  // The cu126 builds are made for 5.0;6.0;7.0;7.5;8.0;8.6;9.0 (PyTorch RELEASE.md support matrix, pytorch#182849).
  torchCu126Wheels: cc(5, 0),
  cuda12Toolkit: cc(5, 0),
  // CUDA 13.0 removed offline compilation and library support for Maxwell, Pascal and Volta.
  cuda13Toolkit: cc(7, 5),
};

/** The lowest compute capability a requirement runs on: `{ major: 8, minor: 0 }` for bf16. */
export function minimumCapability(requirement: Requirement): ComputeCapability {
  return MINIMUM[requirement];
}

/** The lowest compute capability a requirement runs on, as messages write it: `requiredCapability("bf16")` is "8.0". */
export function requiredCapability(requirement: Requirement): string {
  const { major, minor } = MINIMUM[requirement];
  return `${major}.${minor}`;
}

/** Whether a GPU's compute capability meets a requirement: `meets(target, "vllm")`. */
export function meets(target: Target | GpuProfile | ComputeCapability, requirement: Requirement): boolean {
  const have = "major" in target ? target : ("gpu" in target ? target.gpu : target).computeCapability;
  const need = MINIMUM[requirement];
  return have.major > need.major || (have.major === need.major && have.minor >= need.minor);
}
