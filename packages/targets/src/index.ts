export type { ComputeCapability, Feature, GpuProfile, PlatformProfile, Target } from "./types.js";
export { featuresFor, findGpu, GPU_ALIASES, GPUS, NON_CUDA_ACCELERATORS } from "./gpus.js";
export { findPlatform, PLATFORMS, type PlatformTarget } from "./platforms.js";
export {
  closest,
  editDistance,
  listTargets,
  MAX_GPU_COUNT,
  resolveTarget,
  targetNames,
  UnknownTargetError,
  type TargetRow,
} from "./resolve.js";
export {
  ccNumber,
  computeCapabilityOf,
  describeTarget,
  formatComputeCapability,
  formatGiB,
  isCudaTarget,
  supports,
  totalMemoryGiB,
} from "./features.js";
export { meets, minimumCapability, requiredCapability, type Requirement, type SoftwareRequirement } from "./requirements.js";
export { formatTargetsTable } from "./table.js";
