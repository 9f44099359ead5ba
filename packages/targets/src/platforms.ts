import type { PlatformProfile } from "./types.js";

/** A hosted platform and the GPUs it always comes with. */
export interface PlatformTarget {
  platform: PlatformProfile;
  /** GPU id in GPUS, or accelerator id in NON_CUDA_ACCELERATORS. */
  gpu: string;
  count: number;
  /** Why `fix` writes nothing on this platform (Target.reportOnly). */
  reportOnly?: string;
}

// Verified facts only (docs/gpu-facts.md, "Platforms in our seeds", with their sources): users read these notes
// in `gpu-compat targets`, so what the facts file marks "to verify" is left out.
/** Kaggle saves 20 GB of /kaggle/working as the notebook's output (Kaggle Notebooks docs, "Technical Specifications"). */
const KAGGLE_SAVED_OUTPUT = { path: "/kaggle/working", gb: 20 };

/** A Kaggle GPU session ends after 12 h (Kaggle Notebooks docs, "Technical Specifications"). */
const KAGGLE_SESSION_HOURS = 12;

const KAGGLE_NOTES = [
  "30 GPU hours a week; a GPU session ends after 12 h (Kaggle Notebooks docs, Technical Specifications).",
  "4 CPU cores and 29 GB RAM; 20 GB of /kaggle/working is saved, datasets and models under /kaggle/input are read-only.",
  "DataLoader workers can die with bus errors in Kaggle's Docker container (Kaggle/docker-python#377): prefer few or no workers.",
];

export const PLATFORMS: readonly PlatformTarget[] = [
  {
    platform: { id: "kaggle-t4x2", name: "Kaggle GPU T4 x2", cpus: 4, ramGiB: 29, savedOutput: KAGGLE_SAVED_OUTPUT, sessionHours: KAGGLE_SESSION_HOURS, notes: KAGGLE_NOTES },
    gpu: "t4",
    count: 2,
  },
  {
    platform: {
      id: "kaggle-p100",
      name: "Kaggle GPU P100",
      cpus: 4,
      ramGiB: 29,
      savedOutput: KAGGLE_SAVED_OUTPUT,
      sessionHours: KAGGLE_SESSION_HOURS,
      notes: [
        "Same host and quota as Kaggle GPU T4 x2.",
        ...KAGGLE_NOTES,
        "The preinstalled PyTorch (cu128) has no sm_60 kernels and fails on the P100 with 'no kernel image is available for execution on the device' (Kaggle/kaggle-cli#1151, Kaggle/docker-python#1546).",
      ],
    },
    gpu: "p100",
    count: 1,
  },
  {
    platform: {
      id: "kaggle-tpu-v3-8",
      name: "Kaggle TPU v3-8",
      cpus: 96,
      ramGiB: 330,
      savedOutput: KAGGLE_SAVED_OUTPUT,
      notes: [
        "Not a CUDA device: 8 TPU v3 cores with 16 GiB of HBM each, 128 GiB in all (Cloud TPU docs: two cores and 32 GiB per v3 chip); PyTorch runs there through torch_xla.",
        "bf16 is native on a TPU (PyTorch/XLA AMP docs); CUDA-only code (`.cuda()`, bitsandbytes, flash-attn, xformers, Triton, CUDA sources) needs a torch_xla path.",
        "96 CPU cores and 330 GB RAM; a TPU session ends after 9 h (Kaggle Notebooks docs).",
        "Report-only: `gpu-compat fix` writes nothing here; the findings list what to port by hand.",
      ],
    },
    gpu: "tpu-v3",
    count: 8,
    reportOnly: "kaggle-tpu-v3-8 is report-only, since CUDA code on a TPU needs a port to torch_xla that gpu-compat leaves to you",
  },
  {
    platform: {
      id: "colab-t4",
      name: "Colab free T4",
      cpus: 2,
      ramGiB: 12.7,
      // Colab's FAQ: free notebooks run for at most 12 hours (docs/gpu-facts.md, the Colab row).
      sessionHours: 12,
      notes: ["2 logical CPUs (1 core), ~12.7 GB RAM: loading or merging a large checkpoint can crash the session.", "12 h sessions, 90 min idle timeout."],
    },
    gpu: "t4",
    count: 1,
  },
];

export function findPlatform(id: string): PlatformTarget | undefined {
  return PLATFORMS.find((p) => p.platform.id === id);
}
