import type { Target } from "@gpu-compat/targets";

/**
 * What a launch written for more GPUs than the target has becomes: `from` processes (one per GPU) shrink to the
 * target's GPU count, and the gradient accumulation that keeps the global batch grows by `from / to`.
 */
export interface Shrink {
  from: number;
  to: number;
}

/** The shrink a launch of `processes` processes needs on the target, or undefined when it fits. */
export function shrinkFor(processes: number, target: Target): Shrink | undefined {
  return processes > target.count ? { from: processes, to: target.count } : undefined;
}

/** `steps` accumulation steps scaled so that `steps x from = new x to`; undefined when that is not a whole number. */
export function scaledSteps(steps: number, { from, to }: Shrink): number | undefined {
  return (steps * from) % to === 0 ? (steps * from) / to : undefined;
}

/** "2 x Tesla T4", "one Tesla P100": the target's GPUs, for messages. */
export function gpusLabel(target: Target): string {
  return target.count === 1 ? `one ${target.gpu.name}` : `${target.count} x ${target.gpu.name}`;
}

/** How many processes a count names: "8 processes", "1 process". */
export function processes(count: number): string {
  return `${count} ${count === 1 ? "process" : "processes"}`;
}

/**
 * The global batch before and after, in words: "the global batch stays 4 x 8 x 4 = 128 (now 4 x 2 x 16)", or with an
 * unknown per-device batch "per-device batch x 8 GPUs x 4 steps = per-device batch x 2 x 16".
 */
export function globalBatchKept(shrink: Shrink, steps: number, newSteps: number, perDevice?: number): string {
  if (perDevice === undefined) {
    return `the global batch stays the same (per-device batch x ${shrink.from} x ${steps} = per-device batch x ${shrink.to} x ${newSteps})`;
  }
  return `the global batch stays ${perDevice} x ${shrink.from} x ${steps} = ${perDevice * shrink.from * steps} (now ${perDevice} x ${shrink.to} x ${newSteps})`;
}

/** `from / to` in words: "4", "1.5". */
export function factorText({ from, to }: Shrink): string {
  const factor = from / to;
  return Number.isInteger(factor) ? `${factor}` : factor.toFixed(2).replace(/0$/, "");
}

/** What happens to the global batch when nothing scales the accumulation. */
export function globalBatchShrinks(shrink: Shrink, perDevice?: number): string {
  const times = factorText(shrink);
  const numbers = perDevice === undefined ? "" : ` (${perDevice} x ${shrink.from} = ${perDevice * shrink.from} samples per step become ${perDevice * shrink.to})`;
  return `the global batch shrinks ${times}-fold${numbers}`;
}

/**
 * A `CUDA_VISIBLE_DEVICES` list (`0,1,2,3`) written for a bigger machine, and what to write on the target. CUDA
 * makes visible only the ids before the first one that does not exist, so `4,5` on a two-GPU machine shows no GPU
 * and `0,1,2,3` shows two. The new list is the first ids of the target, one per id that was asked for, at most the
 * target's count. Undefined when every id exists, or the value is not a plain list of ids.
 */
export function visibleDevices(value: string, target: Target): { ids: number[]; visible: number; replacement: string } | undefined {
  if (!/^\s*\d+(\s*,\s*\d+)*\s*$/.test(value)) return undefined;
  const ids = value.split(",").map((id) => Number(id.trim()));
  const missing = ids.findIndex((id) => id >= target.count);
  if (missing === -1) return undefined;
  return { ids, visible: missing, replacement: firstIds(Math.min(ids.length, target.count)) };
}

/** The first `count` GPU ids as a list: "0", "0,1". */
export function firstIds(count: number): string {
  return Array.from({ length: count }, (_, i) => i).join(",");
}

/** Why ids beyond the target's GPUs matter, in one clause. */
export function visibleDevicesWhy(ids: readonly number[], visible: number, target: Target): string {
  const shows = visible === 0 ? "no GPU at all" : visible === 1 ? "1 GPU" : `${visible} GPUs`;
  return `names ${ids.length === 1 ? "GPU" : "GPUs"} ${ids.join(",")}, but ${gpusLabel(target)} ${target.count === 1 ? "has only id 0" : `has ids 0-${target.count - 1}`}; CUDA hides every id from the first missing one on, so this shows ${shows}${visible === Math.min(ids.length, target.count) ? ", as many as the rewrite keeps" : ""}`;
}
