/** Hardware features whose presence decides what model code can run on a GPU. */
export type Feature =
  | "bf16" // native bfloat16 tensor-core math (cc >= 8.0)
  | "tf32" // TensorFloat-32 matmuls (cc >= 8.0)
  | "fp8" // float8 tensor cores (cc >= 8.9)
  | "fp16TensorCores" // fast fp16 matmuls on tensor cores (cc >= 7.0)
  | "flashAttention2" // FlashAttention-2 kernels (Ampere, cc >= 8.0)
  | "triton" // Triton, so torch.compile's Inductor backend (cc >= 7.0)
  | "currentTorchWheels"; // kernels in PyTorch's default CUDA wheels from 2.11 on (CUDA 12.8 and 13.x builds: cc >= 7.5)

export interface ComputeCapability {
  major: number;
  minor: number;
}

/** One GPU model, as data. */
export interface GpuProfile {
  /** Short id used in target names: "t4", "a100-80". */
  id: string;
  /** Marketing name: "Tesla T4". */
  name: string;
  /** "TPU": not a CUDA device (a Kaggle TPU core); its compute capability is 0.0 and means nothing. */
  arch: "Kepler" | "Pascal" | "Volta" | "Turing" | "Ampere" | "Ada" | "Hopper" | "TPU";
  computeCapability: ComputeCapability;
  /** Memory the framework can use, in GiB (what nvidia-smi / torch show, not the box label). */
  memoryGiB: number;
  /** Shared memory one block may use after opting in, in bytes. */
  maxSharedMemoryPerBlock: number;
  features: Record<Feature, boolean>;
}

/** Host facts of a hosted platform (Kaggle, Colab): what the container gives besides the GPUs. */
export interface PlatformProfile {
  id: string;
  name: string;
  cpus: number;
  ramGiB: number;
  /** Size of /dev/shm in GiB when it is known to be small (DataLoader workers share tensors through it). */
  shmGiB?: number;
  /** GB (10^9 bytes) of the output directory the platform saves (Kaggle: 20 GB of /kaggle/working), when it has one. */
  savedOutput?: { path: string; gb: number };
  /** Hours a GPU session runs before the platform ends it (Kaggle: 12; Colab free: 12), when the platform says. */
  sessionHours?: number;
  notes: string[];
}

/** What a run is rewriting for: a GPU model, how many of them, and optionally the platform around them. */
export interface Target {
  /** The name as the user wrote it, normalised to canonical form: "t4x2", "kaggle-p100" ("A100x1" -> "a100-80"). */
  name: string;
  gpu: GpuProfile;
  count: number;
  platform?: PlatformProfile;
  /**
   * Why the target is report-only, in words, when it is: `fix` writes nothing there and the findings say what to
   * change by hand (a TPU, where CUDA code needs a port, not a rewrite).
   */
  reportOnly?: string;
}
