import { findGpu, GPU_ALIASES, GPUS, NON_CUDA_ACCELERATORS } from "./gpus.js";
import { findPlatform, PLATFORMS } from "./platforms.js";
import type { Target } from "./types.js";

export const MAX_GPU_COUNT = 16;

/** A target name we cannot resolve; the message lists valid names and, when one is close, suggests it. */
export class UnknownTargetError extends Error {
  override readonly name = "UnknownTargetError";

  constructor(
    readonly input: string,
    readonly validNames: string[],
    readonly suggestion?: string,
    /** Why the name is wrong, when it is not simply unknown (a bad GPU count). */
    reason?: string,
  ) {
    const hint = suggestion === undefined ? "" : ` Did you mean '${suggestion}'?`;
    super(
      `${reason ?? `Unknown target '${input}'.`}${hint} Valid targets: ${validNames.join(", ")}` +
        ` (add x<N>, N from 1 to ${MAX_GPU_COUNT}, for several GPUs: t4x2, a100-80x8).`,
    );
  }
}

/** GPU ids, then GPU aliases, then platform ids: every name resolveTarget accepts without a count suffix. */
export function targetNames(): string[] {
  return [...GPUS.map((g) => g.id), ...GPU_ALIASES.keys(), ...PLATFORMS.map((p) => p.platform.id)];
}

/**
 * Resolves "t4", "T4x2", "a100-80x8", "kaggle-p100" to a Target (case-insensitive, trimmed).
 * The target's name is canonical: the GPU id plus `x<N>` when N > 1 ("a100x1" -> "a100-80"),
 * or the platform id.
 */
export function resolveTarget(name: string): Target {
  const trimmed = name.trim();
  const input = trimmed.toLowerCase();

  const platform = findPlatform(input);
  if (platform) {
    const { platform: profile, count, reportOnly } = platform;
    return { name: profile.id, gpu: gpuOrThrow(platform.gpu), count, platform: profile, ...(reportOnly ? { reportOnly } : {}) };
  }
  const single = findGpu(input);
  if (single) return { name: single.id, gpu: single, count: 1 };

  // Count suffix: greedy, so the last "x<digits>" is the count ("rtx3090x2" -> "rtx3090", 2).
  const match = /^(.+)x(\d+)$/.exec(input);
  if (match) {
    const [, base = "", digits = ""] = match;
    const count = Number(digits);
    if (findPlatform(base)) {
      const reason = `Platform '${base}' comes with a fixed set of GPUs; drop 'x${digits}'.`;
      throw new UnknownTargetError(trimmed, targetNames(), base, reason);
    }
    const gpu = findGpu(base);
    if (gpu) {
      if (count < 1 || count > MAX_GPU_COUNT) {
        throw new UnknownTargetError(
          trimmed,
          targetNames(),
          undefined,
          `Bad GPU count ${digits} in '${trimmed}': use 1 to ${MAX_GPU_COUNT}.`,
        );
      }
      return { name: count > 1 ? `${gpu.id}x${count}` : gpu.id, gpu, count };
    }
    // Unknown GPU with a sensible count: also consider every GPU with that count ("t5x2" -> "t4x2"),
    // besides the plain names ("kagle-t4x2" -> "kaggle-t4x2").
    if (count >= 1 && count <= MAX_GPU_COUNT) {
      const withCount = [...GPUS.map((g) => g.id), ...GPU_ALIASES.keys()].map((gpu) => `${gpu}x${count}`);
      throw new UnknownTargetError(trimmed, targetNames(), closest(input, [...withCount, ...targetNames()]));
    }
  }
  throw new UnknownTargetError(trimmed, targetNames(), closest(input, targetNames()));
}

function gpuOrThrow(id: string) {
  const gpu = findGpu(id) ?? NON_CUDA_ACCELERATORS.find((accelerator) => accelerator.id === id);
  if (!gpu) throw new Error(`internal: platform refers to unknown GPU '${id}'`);
  return gpu;
}

/** The candidate with the smallest edit distance, first in list order on ties; none if all are far off. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(input, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  // More than a third of the name wrong (at least 2 edits allowed) is a different name, not a typo.
  return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** One row per GPU id and per platform, for `gpu-compat targets`. */
export interface TargetRow {
  /** GPU id or platform id. */
  name: string;
  /** Other names that resolve to the same GPU ("a100" for "a100-80"). */
  aliases: string[];
  kind: "gpu" | "platform";
  target: Target;
}

export function listTargets(): TargetRow[] {
  const aliasesOf = (id: string) => [...GPU_ALIASES].filter(([, gpu]) => gpu === id).map(([alias]) => alias);
  return [
    ...GPUS.map((g): TargetRow => ({ name: g.id, aliases: aliasesOf(g.id), kind: "gpu", target: resolveTarget(g.id) })),
    ...PLATFORMS.map(
      (p): TargetRow => ({ name: p.platform.id, aliases: [], kind: "platform", target: resolveTarget(p.platform.id) }),
    ),
  ];
}
