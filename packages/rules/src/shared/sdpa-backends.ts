import { meets, type Target } from "@gpu-compat/targets";

/**
 * Which PyTorch scaled-dot-product-attention kernels run on a GPU, after the hardware checks in ATen's
 * `sdp_utils.cpp`: flash and cuDNN attention need sm80, the memory-efficient kernel sm50, and the math kernel
 * (plain PyTorch ops) runs everywhere.
 */
export function runsSdpaBackend(target: Target, member: string): boolean {
  switch (member) {
    case "FLASH_ATTENTION":
      return target.gpu.features.flashAttention2;
    case "CUDNN_ATTENTION":
      return meets(target, "sdpaCudnn");
    case "EFFICIENT_ATTENTION":
      return meets(target, "sdpaMemoryEfficient");
    case "MATH":
      return true;
    default:
      return false;
  }
}

/** The best SDPA kernel a GPU without flash attention has, in each spelling the PyTorch APIs use. */
export interface SdpaFallback {
  /** `SDPBackend` member. */
  member: "EFFICIENT_ATTENTION" | "MATH";
  /** Keyword of the old `torch.backends.cuda.sdp_kernel(...)` context manager. */
  keyword: "enable_mem_efficient" | "enable_math";
  /** Global switch in `torch.backends.cuda`. */
  setter: "enable_mem_efficient_sdp" | "enable_math_sdp";
  label: "memory-efficient" | "math";
}

const EFFICIENT: SdpaFallback = {
  member: "EFFICIENT_ATTENTION",
  keyword: "enable_mem_efficient",
  setter: "enable_mem_efficient_sdp",
  label: "memory-efficient",
};
const MATH: SdpaFallback = { member: "MATH", keyword: "enable_math", setter: "enable_math_sdp", label: "math" };

export function sdpaFallback(target: Target): SdpaFallback {
  return runsSdpaBackend(target, "EFFICIENT_ATTENTION") ? EFFICIENT : MATH;
}

/** The fallbacks that can run on the target, best first: memory-efficient (sm50+) and math. */
export function sdpaFallbacks(target: Target): SdpaFallback[] {
  return runsSdpaBackend(target, "EFFICIENT_ATTENTION") ? [EFFICIENT, MATH] : [MATH];
}
