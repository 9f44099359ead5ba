import type { PlatformProfile } from "./types.js";

/** A hosted platform and the GPUs it always comes with. */
export interface PlatformTarget {
  platform: PlatformProfile;
  /** GPU id in GPUS. */
  gpu: string;
  count: number;
}

// Facts from docs/gpu-facts.md, "Platforms in our seeds". "(to verify)" is carried over where that file says so.
const KAGGLE_NOTES = [
  "30 GPU hours a week; sessions end after 9-12 h (to verify).",
  "4 vCPUs and ~29-30 GB RAM (to verify).",
  "Docker container with a small /dev/shm: DataLoader workers can die with bus errors " +
    "(Kaggle/docker-python#377; batch > 16, to verify). Prefer few or no workers.",
];

export const PLATFORMS: readonly PlatformTarget[] = [
  {
    platform: { id: "kaggle-t4x2", name: "Kaggle GPU T4 x2", cpus: 4, ramGiB: 29, notes: KAGGLE_NOTES },
    gpu: "t4",
    count: 2,
  },
  {
    platform: {
      id: "kaggle-p100",
      name: "Kaggle GPU P100",
      cpus: 4,
      ramGiB: 29,
      notes: [
        "Same host and quota as Kaggle GPU T4 x2.",
        ...KAGGLE_NOTES,
        "PyTorch CUDA 12.8+ wheels dropped sm_60: 'no kernel image is available' (to verify which versions).",
      ],
    },
    gpu: "p100",
    count: 1,
  },
  {
    platform: {
      id: "colab-t4",
      name: "Colab free T4",
      cpus: 2,
      ramGiB: 12.7,
      notes: ["2 vCPUs, ~12.7 GB RAM (to verify).", "12 h sessions, 90 min idle timeout."],
    },
    gpu: "t4",
    count: 1,
  },
];

export function findPlatform(id: string): PlatformTarget | undefined {
  return PLATFORMS.find((p) => p.platform.id === id);
}
