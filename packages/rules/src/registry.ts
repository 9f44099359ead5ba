import type { Target } from "@gpu-compat/targets";
import { flashAttention2 } from "./attention/flash-attention-2.js";
import { flashAttnPackage } from "./attention/flash-attn-package.js";
import { sdpaFlashOnly } from "./attention/sdpa-flash-only.js";
import { xformersAttention } from "./attention/xformers-attention.js";
import { torchCompileNoTriton } from "./compile/torch-compile-no-triton.js";
import { tritonSharedMemory } from "./memory/triton-shared-memory.js";
import { cudaSharedMemory } from "./memory/cuda-shared-memory.js";
import { batchSize } from "./memory/batch-size.js";
import { dataloaderWorkers } from "./memory/dataloader-workers.js";
import { deviceMapAuto } from "./memory/device-map-auto.js";
import { vllmMemory } from "./memory/vllm-memory.js";
import { launcherGpuCount } from "./parallel/launcher-gpu-count.js";
import { deviceMapDdp } from "./parallel/device-map-ddp.js";
import { unslothSingleGpu } from "./parallel/unsloth-single-gpu.js";
import { notebookDataParallel } from "./parallel/notebook-data-parallel.js";
import { notebookShellCd } from "./platform/notebook-shell-cd.js";
import { capabilityAssert } from "./platform/capability-assert.js";
import { torchWheelArch } from "./platform/torch-wheel-arch.js";
import { cudaArchList } from "./platform/cuda-arch-list.js";
import { tpuCudaCode } from "./platform/tpu-cuda-code.js";
import { kaggleInputWrite } from "./platform/kaggle-input-write.js";
import { kaggleCheckpointSize } from "./platform/kaggle-checkpoint-size.js";
import { sessionTimeLimit } from "./platform/session-time-limit.js";
import { hostRamLoad } from "./platform/host-ram-load.js";
import { unusedSuppression } from "./suppression/unused-suppression.js";
import { accelerateBf16 } from "./precision/accelerate-bf16.js";
import { autocastBf16 } from "./precision/autocast-bf16.js";
import { bf16Dtype } from "./precision/bf16-dtype.js";
import { bf16EmulationCheck } from "./precision/bf16-emulation-check.js";
import { bnbBf16Compute } from "./precision/bnb-bf16-compute.js";
import { bnbInt8Matmul } from "./precision/bnb-int8-matmul.js";
import { deepspeedBf16 } from "./precision/deepspeed-bf16.js";
import { fp8 } from "./precision/fp8.js";
import { lightningBf16 } from "./precision/lightning-bf16.js";
import { remoteCodeKwargs } from "./precision/remote-code-kwargs.js";
import { tf32 } from "./precision/tf32.js";
import { trainerBf16 } from "./precision/trainer-bf16.js";
import { unslothBf16 } from "./precision/unsloth-bf16.js";
import { vllmBf16 } from "./precision/vllm-bf16.js";
import type { FileKind, Rule } from "./types.js";

/** Every rule, in the order they run and are listed. */
export const allRules: readonly Rule[] = [
  bf16Dtype,
  bf16EmulationCheck,
  capabilityAssert,
  trainerBf16,
  autocastBf16,
  accelerateBf16,
  deepspeedBf16,
  lightningBf16,
  bnbBf16Compute,
  bnbInt8Matmul,
  vllmBf16,
  unslothBf16,
  remoteCodeKwargs,
  tf32,
  fp8,
  flashAttention2,
  torchWheelArch,
  cudaArchList,
  tpuCudaCode,
  flashAttnPackage,
  sdpaFlashOnly,
  xformersAttention,
  torchCompileNoTriton,
  tritonSharedMemory,
  cudaSharedMemory,
  batchSize,
  dataloaderWorkers,
  deviceMapAuto,
  launcherGpuCount,
  notebookShellCd,
  vllmMemory,
  kaggleInputWrite,
  kaggleCheckpointSize,
  deviceMapDdp,
  unslothSingleGpu,
  notebookDataParallel,
  sessionTimeLimit,
  hostRamLoad,
  unusedSuppression,
];

export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}

export function rulesFor(target: Target, rules: readonly Rule[] = allRules): Rule[] {
  return rules.filter((rule) => rule.appliesTo(target));
}

/** The literals that can trigger a rule in one kind of file. */
export function triggersFor(rule: Rule, kind: FileKind): readonly string[] {
  return rule.checks[kind]?.triggers ?? rule.triggers;
}

/** Every literal that can trigger one of these rules in a kind of file, for the prefilter. */
export function triggerLiterals(rules: readonly Rule[], kind: FileKind): string[] {
  return [...new Set(rules.filter((rule) => rule.checks[kind]).flatMap((rule) => triggersFor(rule, kind)))];
}
