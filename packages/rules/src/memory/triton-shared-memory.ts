import { meets, requiredCapability, type Target } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { gpuLabel } from "../shared/messages.js";
import { removeListElementsEdits } from "../shared/list-edits.js";
import { readTritonFile, type AutotuneList, type KernelLaunch, type MetaParameters, type TritonKernel } from "../shared/triton-kernels.js";
import type { PythonRuleContext, Severity } from "../types.js";

/**
 * How much shared memory one block of a Triton matmul needs: each copy of the operand tiles holds a
 * BLOCK_M x BLOCK_K tile of A and a BLOCK_K x BLOCK_N tile of B. How many copies depends on the release:
 * Triton 2.x pipelines on every GPU and keeps `num_stages` copies (the rule of thumb in docs/gpu-facts.md);
 * Triton 3.x pipelines only from compute capability 8.0 on, with `num_stages - 1` copies, and keeps one copy
 * below 8.0. The fewest copies any release keeps decides a removal; the most only ever gives a hint.
 */
interface Sizing {
  params: MetaParameters;
  /** The fewest bytes any release allocates, and the copies behind them. */
  low: { copies: number; bytes: number };
  /** What Triton 2.x allocates. */
  high: { copies: number; bytes: number };
  verdict: "over" | "older-triton" | "fits";
}

interface Operands {
  a: number;
  b: number;
  /** True when the kernels do not show their `tl.dot` operand dtypes and 2 bytes are assumed. */
  assumed: boolean;
}

export const tritonSharedMemory = defineRule({
  id: "triton-shared-memory",
  title: "Triton kernel configs that need more shared memory than the GPU gives one block",
  category: "memory",
  severity: "warning",
  fixable: "sometimes",
  appliesWhen:
    `the target runs Triton (compute capability ${requiredCapability("triton")} or newer); it decides from the target's shared memory per block (T4 64 KiB, V100 96 KiB, A100 163 KiB)`,
  appliesTo: (target) => target.gpu.features.triton,
  triggers: ["triton"],
  // It reads only `@triton.jit` kernels that call `tl.dot`: a file of elementwise kernels, or one that only
  // imports Triton, has no tiles to size.
  mayMatch: (scan) => scan.inCode("jit") && scan.inCode("dot"),
  checks: {
    python: {
      run(context) {
        const { source } = context;
        const file = readTritonFile(source);
        for (const list of file.lists) if (!source.guards.guardOf(list.list)) checkList(context, list);
        for (const launch of file.launches) if (!source.guards.guardOf(launch.params.node)) checkLaunch(context, launch);
      },
    },
  },
});

function checkList(context: PythonRuleContext, list: AutotuneList): void {
  const operands = operandsOf(list.kernels);
  const sized = list.entries.flatMap((entry) => (entry.kind === "config" ? [size(entry.params, "config", context.target, operands)] : []));
  const unknown = list.entries.length - sized.length;
  const over = sized.filter((s) => s.verdict === "over");
  const older = sized.filter((s) => s.verdict === "older-triton");
  const fits = sized.filter((s) => s.verdict === "fits");
  const kernels = list.kernels.map((k) => `\`${k.name}\``).join(", ");
  const limit = limitClause(context.target);

  if (over.length > 0) {
    const first = over[0]!.params.node;
    const range = { start: first.startIndex, end: first.endIndex };
    const what = `${over.length} of ${list.entries.length} autotune configs of ${kernels} ${over.length === 1 ? "needs" : "need"} more shared memory than ${limit}: ${over.map((s) => needs(s, operands, "low")).join("; ")} (${fewestCopies(context.target)}; ${operandsClause(operands)})`;
    if (fits.length > 0 && !operands.assumed) {
      context.report({
        ...range,
        message: `${what}. Triton raises OutOfResources for ${over.length === 1 ? "it" : "them"}, which the autotuner catches only after compiling ${over.length === 1 ? "it" : "each"}; removed, ${count(list.entries.length - over.length, "config")} left${keptClause([...older, ...fits], operands)}.`,
        fix: removeListElementsEdits(context.source.text, list.list, over.map((s) => s.params.node)),
      });
      return;
    }
    const noneRuns = fits.length === 0 && older.length === 0 && unknown === 0;
    const notRemoved = over.length === 1 ? "it was not removed" : "they were not removed";
    const [why, action] = noneRuns
      ? [`no config fits${operands.assumed ? " with 2-byte operands" : ""}, so the autotuned launch fails with OutOfResources`, "Add a config that fits"]
      : fits.length === 0
        ? [`no other config is known to fit, so ${notRemoved}`, "Give the list a config that fits, then remove these"]
        : [`the kernel does not show its operand dtypes, so ${notRemoved}`, "Remove them if the operands are 2 bytes or wider (fp16, bf16, fp32), or shrink them"];
    context.report({
      ...range,
      message: `${what}; ${why}.`,
      hint: `${action}: for example, ${suggestion(over[0]!, operands, context.target)}.`,
      ...(noneRuns && !operands.assumed ? { severity: "error" as Severity } : {}),
    });
    return;
  }
  // Configs that only older releases cannot fit matter when nothing else can run: the autotuner skips the rest.
  if (older.length > 0 && fits.length === 0 && unknown === 0) {
    const first = older[0]!.params.node;
    context.report({
      start: first.startIndex,
      end: first.endIndex,
      message: `No autotune config of ${kernels} fits in the shared memory ${limit} with Triton 2.x, which keeps num_stages copies of the tiles: ${older.map((s) => needs(s, operands, "high")).join("; ")} (${operandsClause(operands)}). Triton 3.x needs ${older.map((s) => s.low.bytes).join(", ")} B (${fewestCopies(context.target)}), so this fails only with Triton 2.x (PyTorch 2.3 and older).`,
      hint: `If the project runs Triton 2.x, add a config that fits: for example, ${suggestion(older[0]!, operands, context.target)}.`,
      severity: "info",
    });
  }
}

/** The configs that stay, with what they need: ": `BLOCK_M=64, ...` needs 1 x (...) = 8192 B (Triton 2.x: 3 x ... = 24576 B)". */
function keptClause(kept: readonly Sizing[], operands: Operands): string {
  if (kept.length === 0) return "";
  const each = kept.map((s) => `${needs(s, operands, "low")}${s.verdict === "older-triton" ? ` (Triton 2.x: ${s.high.bytes} B, over the limit)` : ""}`);
  return `: ${each.join("; ")}`;
}

function checkLaunch(context: PythonRuleContext, launch: KernelLaunch): void {
  const operands = operandsOf([launch.kernel]);
  const sizing = size(launch.params, "launch", context.target, operands);
  if (sizing.verdict === "fits") return;
  const { node } = launch.params;
  const launched = `\`${launch.kernel.name}\` is launched with ${describe(launch.params)}`;
  const limit = limitClause(context.target);
  if (sizing.verdict === "over") {
    context.report({
      start: node.startIndex,
      end: node.endIndex,
      message: `${launched} and needs ${needs(sizing, operands, "low", false)} of shared memory (${fewestCopies(context.target)}; ${operandsClause(operands)}), more than ${limit}: the launch fails with OutOfResources.`,
      hint: `Launch it with smaller tiles: for example, ${suggestion(sizing, operands, context.target)}.`,
      severity: "error",
    });
    return;
  }
  context.report({
    start: node.startIndex,
    end: node.endIndex,
    message: `${launched}; with Triton 2.x, which keeps num_stages copies of the tiles, it needs ${needs(sizing, operands, "high", false)} of shared memory (${operandsClause(operands)}), more than ${limit}. Triton 3.x needs ${sizing.low.bytes} B (${fewestCopies(context.target)}), so this fails only with Triton 2.x (PyTorch 2.3 and older).`,
    hint: `If the project runs Triton 2.x, launch it with fewer stages or smaller tiles: for example, ${suggestion(sizing, operands, context.target)}.`,
    severity: "info",
  });
}

/** The operand sizes the kernels show, when they all agree; else 2 bytes (fp16/bf16), the common case. */
function operandsOf(kernels: readonly TritonKernel[]): Operands {
  const [first] = kernels;
  const same = kernels.every((k) => k.operandBytes && k.operandBytes.a === first!.operandBytes?.a && k.operandBytes.b === first!.operandBytes?.b);
  return same && first!.operandBytes ? { ...first!.operandBytes, assumed: false } : { a: 2, b: 2, assumed: true };
}

/**
 * A `triton.Config` without `num_stages` gets 2 in Triton 2.x and early 3.x, 3 in later releases; a launch
 * without it gets 3. Taking 2 for configs keeps both estimates at their lowest across releases.
 */
function size(params: MetaParameters, kind: "config" | "launch", target: Target, operands: Operands): Sizing {
  const stages = params.numStages ?? (kind === "config" ? 2 : 3);
  const tile = params.m * params.k * operands.a + params.k * params.n * operands.b;
  const lowCopies = pipelines(target) ? Math.max(1, stages - 1) : 1;
  const low = { copies: lowCopies, bytes: lowCopies * tile };
  const high = { copies: stages, bytes: stages * tile };
  const limit = target.gpu.maxSharedMemoryPerBlock;
  // Triton raises OutOfResources when the kernel's shared memory is greater than the limit, not equal to it.
  const verdict = low.bytes > limit ? "over" : high.bytes > limit ? "older-triton" : "fits";
  return { params, low, high, verdict };
}

/** Triton 3.x software-pipelines loops only from compute capability 8.0 on. */
function pipelines(target: Target): boolean {
  return meets(target, "tritonPipelining");
}

function fewestCopies(target: Target): string {
  return pipelines(target)
    ? "Triton 3.x keeps num_stages - 1 copies of the tiles"
    : `Triton 3.x keeps one copy of the tiles, as it does not pipeline loops below compute capability ${requiredCapability("tritonPipelining")}`;
}

function limitClause(target: Target): string {
  const limit = target.gpu.maxSharedMemoryPerBlock;
  return `${gpuLabel(target)} gives one block (${limit} B, ${limit / 1024} KiB)`;
}

function operandsClause(operands: Operands): string {
  if (operands.assumed) return "2-byte fp16/bf16 operands assumed, as the kernel does not show their dtype";
  const name = (bytes: number) => ({ 1: "1-byte", 2: "2-byte", 4: "4-byte", 8: "8-byte" })[bytes] ?? `${bytes}-byte`;
  return operands.a === operands.b ? `${name(operands.a)} operands, from the kernel's casts` : `${name(operands.a)} A and ${name(operands.b)} B operands, from the kernel's casts`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** "BLOCK_M=128, BLOCK_N=256, BLOCK_K=128, num_stages=2" */
function describe(params: MetaParameters): string {
  const [m, n, k] = params.keys;
  const stages = params.numStages === null ? "num_stages unset" : `num_stages=${params.numStages}`;
  return `${m}=${params.m}, ${n}=${params.n}, ${k}=${params.k}, ${stages}`;
}

/** "`BLOCK_M=128, ...` needs 1 x (128x128 + 128x256) x 2 B = 98304 B" */
function needs(sizing: Sizing, operands: Operands, which: "low" | "high", named = true): string {
  const { params } = sizing;
  const { copies, bytes } = sizing[which];
  const tiles =
    operands.a === operands.b
      ? `(${params.m}x${params.k} + ${params.k}x${params.n}) x ${operands.a} B`
      : `(${params.m}x${params.k} x ${operands.a} B + ${params.k}x${params.n} x ${operands.b} B)`;
  const formula = `${copies} x ${tiles} = ${bytes} B`;
  return named ? `\`${describe(params)}\` needs ${formula}` : formula;
}

/**
 * A concrete change that fits: fewer stages where the copies are what overflows (Triton 2.x), else a halved
 * BLOCK_K (down to 16, the smallest `tl.dot` takes), else smaller BLOCK_M/BLOCK_N. A suggestion stays below the
 * limit, not at it: the estimate counts only the operand tiles.
 */
function suggestion(sizing: Sizing, operands: Operands, target: Target): string {
  const limit = target.gpu.maxSharedMemoryPerBlock;
  const { params } = sizing;
  const [, , kKey] = params.keys;
  const tile = (k: number) => params.m * k * operands.a + k * params.n * operands.b;
  if (sizing.verdict === "older-triton") {
    const stages = Math.floor((limit - 1) / tile(params.k));
    if (stages >= 1) return `num_stages=${stages} needs ${stages * tile(params.k)} B with Triton 2.x`;
  }
  const copies = sizing.verdict === "over" ? sizing.low.copies : sizing.high.copies;
  for (let k = params.k / 2; k >= 16 && Number.isInteger(k); k /= 2) {
    if (copies * tile(k) < limit) return `${kKey}=${k} needs ${copies * tile(k)} B`;
  }
  return `lower ${params.keys[0]} or ${params.keys[1]} (each copy holds ${params.keys[0]} x ${kKey} + ${kKey} x ${params.keys[1]} elements), or num_stages`;
}
