import type { Target } from "@gpu-compat/targets";
import type { Evaluation } from "../cuda/constants.js";
import { inlineCudaSources } from "../cuda/load-inline.js";
import { sharedMemoryRequests, type SharedMemoryRequest } from "../cuda/shared-memory.js";
import type { Token } from "../cuda/lexer.js";
import type { CudaSource, StaticShared } from "../cuda/source.js";
import { defineRule } from "../define.js";
import { gpuLabel } from "../shared/messages.js";
import type { RuleFinding } from "../types.js";

/** A request whose size is known: the dynamic bytes and the kernel's static `__shared__` bytes (a lower bound). */
interface Sized {
  request: SharedMemoryRequest;
  dynamic: Evaluation;
  static: StaticShared;
  total: number;
}

const CUDA_TRIGGERS = ["MaxDynamicSharedMemorySize", "MAX_DYNAMIC_SHARED_SIZE_BYTES", "<<<"];

export const cudaSharedMemory = defineRule({
  id: "cuda-shared-memory",
  title: "CUDA kernels that ask for more shared memory per block than the GPU gives",
  category: "memory",
  severity: "warning",
  fixable: "never",
  appliesWhen:
    "on every target; it decides from the target's shared memory per block with the opt-in attribute (K80 and P100 48 KiB, T4 64 KiB, V100 96 KiB, A100 163 KiB)",
  appliesTo: () => true,
  triggers: ["load_inline", ...CUDA_TRIGGERS],
  // It reads CUDA sources, which sit in triple-quoted strings.
  triggerScope: "text",
  checks: {
    cuda: {
      triggers: CUDA_TRIGGERS,
      run(context) {
        checkSource(context.document, context.target, (finding) => context.report(finding));
      },
    },
    python: {
      triggers: ["load_inline"],
      run(context) {
        for (const inline of inlineCudaSources(context.source)) {
          if (context.source.guards.guardOf(inline.call)) continue;
          checkSource(inline.cuda, context.target, (finding) => context.report({ ...finding, ...inline.toPython(finding.start, finding.end) }));
        }
      },
    },
  },
});

function checkSource(cuda: CudaSource, target: Target, report: (finding: RuleFinding) => void): void {
  // Code that asks the device for its limits sizes its requests from the answer.
  if (cuda.deviceQuery !== null) return;
  const limit = target.gpu.maxSharedMemoryPerBlock;
  const over = sharedMemoryRequests(cuda)
    .filter((request) => !cuda.isConditional(request.start))
    .map((request) => size(cuda, request))
    .filter((sized): sized is Sized => sized !== null && sized.total > limit);
  // Where the opt-in call for a kernel fails, its launches fail for the same reason: one finding says it.
  const reported = new Set(over.filter((s) => s.request.kind === "attribute").map((s) => s.request.kernelName));
  for (const sized of over) {
    if (sized.request.kind === "launch" && sized.request.kernelName !== null && reported.has(sized.request.kernelName)) continue;
    report({ start: sized.request.start, end: sized.request.end, message: message(cuda, sized, target), hint: hint(cuda, sized, target) });
  }
}

/**
 * The bytes a request needs: its dynamic size, when the source computes it from literals and constants, plus the
 * static `__shared__` arrays of the kernel it names (the opt-in limit covers both). With several overloads of the
 * kernel the fewest bytes count; a kernel defined elsewhere counts 0. Either way the total errs low.
 */
function size(cuda: CudaSource, request: SharedMemoryRequest): Sized | null {
  const dynamic = cuda.constants.evaluate(request.bytes);
  if (dynamic === null) return null;
  const statics = request.kernels.map((kernel) => cuda.staticShared(kernel)).sort((a, b) => a.bytes - b.bytes);
  const fewest = statics[0];
  const exact = fewest !== undefined && fewest.complete && statics.length === 1;
  const staticShared = { bytes: fewest?.bytes ?? 0, complete: exact };
  return { request, dynamic, static: staticShared, total: dynamic.value + staticShared.bytes };
}

function message(cuda: CudaSource, sized: Sized, target: Target): string {
  const { request, dynamic } = sized;
  const kernel = request.kernelName === null ? "the kernel" : `\`${request.kernelName}\``;
  const atLeast = sized.static.complete ? "" : "at least ";
  const statics = sized.static.bytes > 0 ? `, plus ${atLeast}${sized.static.bytes} B of static \`__shared__\` arrays in ${kernel}: ${atLeast}${sized.total} B in all` : "";
  const asked = `${bytes(dynamic.value)} of dynamic shared memory${origin(cuda, request, dynamic)}${statics}`;
  const max = target.gpu.maxSharedMemoryPerBlock;
  const limit = `more than ${gpuLabel(target)} gives one block (${max} B, ${max / 1024} KiB)`;
  if (request.kind === "attribute") {
    const call = /^\w+/.exec(cuda.text.slice(request.start))![0];
    return `\`${call}\` lets ${kernel} use ${asked}, ${limit}: the call fails with cudaErrorInvalidValue ("invalid argument"), and so does a launch that asks for that much.`;
  }
  return `${kernel} is launched with ${asked}, ${limit}: the launch fails with cudaErrorInvalidValue ("invalid argument").`;
}

/**
 * " (`SMEM_BYTES` = `STAGES * (BM * BK + BK * BN) * sizeof(half)`, from `STAGES` = 3, `BM` = 128, ...)": where a
 * computed size comes from; nothing for a literal.
 */
function origin(cuda: CudaSource, request: SharedMemoryRequest, dynamic: Evaluation): string {
  const [only] = request.bytes;
  if (request.bytes.length === 1 && only!.kind === "number") return "";
  const definition = request.bytes.length === 1 ? cuda.constants.definitionOf(only!.text) : undefined;
  const shown = definition ? `\`${only!.text}\` = \`${written(cuda, definition.value)}\`` : `\`${written(cuda, request.bytes)}\``;
  const knobs = knobsOf(cuda, request, dynamic);
  return ` (${shown}${knobs.length > 0 ? `, from ${knobs.map((k) => `\`${k}\` = ${cuda.constants.valueOf(k)}`).join(", ")}` : ""})`;
}

/** An expression as written, on one line and at most 80 characters. */
function written(cuda: CudaSource, tokens: readonly Token[]): string {
  const text = cuda.text.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end).replace(/\s+/g, " ");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The constants a size is built from whose own values name no other constant (`#define BK 64`): what to change.
 * The size's own name, when the request is just that name, is not one: it is the size itself.
 */
function knobsOf(cuda: CudaSource, request: SharedMemoryRequest, dynamic: Evaluation): string[] {
  const itself = request.bytes.length === 1 ? request.bytes[0]!.text : null;
  return dynamic.names.filter((name) => name !== itself && cuda.constants.isLeaf(name));
}

function hint(cuda: CudaSource, sized: Sized, target: Target): string {
  const limit = target.gpu.maxSharedMemoryPerBlock;
  const kernel = sized.request.kernelName === null ? "the kernel" : `\`${sized.request.kernelName}\``;
  const atRunTime = "or pick the configuration at run time from `cudaDeviceGetAttribute(&max, cudaDevAttrMaxSharedMemoryPerBlockOptin, device)`";
  const knobs = knobsOf(cuda, sized.request, sized.dynamic);
  if (knobs.length === 0) return `Make ${kernel} need at most ${limit} B on this GPU (smaller tiles, fewer pipeline stages), ${atRunTime}.`;
  const change = example(cuda, sized, knobs, limit);
  const names = knobs.map((k) => `\`${k}\``).join(", ");
  const instance = change ? `: for example, \`${change.name}\` = ${change.value} needs ${change.total} B` : "";
  return `Lower what the size is computed from (${names}) until ${kernel} needs at most ${limit} B on this GPU${instance}; ${atRunTime}.`;
}

/**
 * A change of one knob that fits, keeping as much of it as possible: tile sizes (powers of two from 8 on) are
 * halved, small values (pipeline stages, up to 16) lowered by one, others left alone. Only when the kernel's static
 * shared memory is known exactly, so the total the example gives is exact too.
 */
function example(cuda: CudaSource, sized: Sized, knobs: readonly string[], limit: number): { name: string; value: number; total: number } | null {
  if (!sized.static.complete) return null;
  const kernel = sized.request.kernels[0]!;
  let best: { name: string; value: number; total: number; kept: number } | null = null;
  for (const name of knobs) {
    const original = cuda.constants.valueOf(name)!;
    const halve = original >= 8 && Number.isInteger(Math.log2(original));
    if (!halve && original > 16) continue; // neither a tile size nor a stage count: no value to suggest
    for (let value = halve ? original / 2 : original - 1; value >= 1 && Number.isInteger(value); value = halve ? value / 2 : value - 1) {
      const overrides = new Map([[name, value]]);
      const dynamic = cuda.constants.evaluate(sized.request.bytes, overrides)?.value;
      const staticShared = cuda.staticShared(kernel, overrides);
      if (dynamic === undefined || !staticShared.complete) break;
      const total = dynamic + staticShared.bytes;
      if (total > limit) continue;
      if (!best || value / original > best.kept) best = { name, value, total, kept: value / original };
      break;
    }
  }
  return best;
}

/** "98304 B (96 KiB)" */
function bytes(n: number): string {
  return `${n} B (${Math.round((n / 1024) * 10) / 10} KiB)`;
}
