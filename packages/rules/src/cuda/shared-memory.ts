import type { Token } from "./lexer.js";
import type { CudaSource, Kernel } from "./source.js";

/**
 * Where a CUDA source asks for dynamic shared memory: `cudaFuncSetAttribute(kernel,
 * cudaFuncAttributeMaxDynamicSharedMemorySize, bytes)` (and the driver API's `cuFuncSetAttribute(f,
 * CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, bytes)`), and launches `kernel<<<grid, block, bytes>>>`.
 */
export interface SharedMemoryRequest {
  kind: "attribute" | "launch";
  /** The call or the launch, from the function's or kernel's name to the closing `)` or `>>>`. */
  start: number;
  end: number;
  /** The kernel, when the request names one by a plain name. */
  kernelName: string | null;
  /** The definitions of that kernel in this source (several for overloads); empty when it is defined elsewhere. */
  kernels: Kernel[];
  /** The expression of the dynamic shared memory bytes. */
  bytes: Token[];
}

const SET_ATTRIBUTE = new Set(["cudaFuncSetAttribute", "cuFuncSetAttribute"]);
const MAX_DYNAMIC = new Set(["cudaFuncAttributeMaxDynamicSharedMemorySize", "CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES"]);

export function sharedMemoryRequests(source: CudaSource): SharedMemoryRequest[] {
  const requests: SharedMemoryRequest[] = [];
  const { tokens } = source;
  tokens.forEach((token, k) => {
    if (SET_ATTRIBUTE.has(token.text) && tokens[k + 1]?.text === "(") {
      const close = source.closing(k + 1);
      // Split at top-level commas, a template kernel (`gemm<64, 128>`) may take several pieces: the attribute and
      // the size are the last two.
      const args = close === -1 ? [] : source.arguments(k + 1, close);
      const attribute = args.at(-2);
      if (args.length < 3 || attribute?.length !== 1 || !MAX_DYNAMIC.has(attribute[0]!.text)) return;
      const kernelName = namedKernel(source, args.slice(0, -2).flat());
      requests.push({ kind: "attribute", start: token.start, end: tokens[close]!.end, kernelName, kernels: kernelsNamed(source, kernelName), bytes: args.at(-1)! });
    } else if (token.text === "<<<") {
      const close = source.closing(k);
      const args = close === -1 ? [] : source.arguments(k, close);
      if (args.length < 3) return;
      const name = launchedName(tokens, k);
      requests.push({
        kind: "launch",
        start: name?.start ?? token.start,
        end: tokens[close]!.end,
        kernelName: name?.text ?? null,
        kernels: kernelsNamed(source, name?.text ?? null),
        bytes: args[2]!,
      });
    }
  });
  return requests;
}

/** The one kernel of this source that an argument names (`gemm`, `(const void*)gemm`, `gemm<64>`), if any. */
function namedKernel(source: CudaSource, argument: readonly Token[]): string | null {
  const names = new Set(argument.filter((t) => t.kind === "identifier" && source.kernels.some((k) => k.name === t.text)).map((t) => t.text));
  return names.size === 1 ? [...names][0]! : null;
}

function kernelsNamed(source: CudaSource, name: string | null): Kernel[] {
  return name === null ? [] : source.kernels.filter((k) => k.name === name);
}

/** The kernel's name before `<<<`, past template arguments (`gemm<float, 128><<<...>>>`). */
function launchedName(tokens: readonly Token[], launch: number): Token | null {
  let i = launch - 1;
  if (tokens[i]?.text === ">" || tokens[i]?.text === ">>") {
    let depth = 0;
    for (; i >= 0; i--) {
      const text = tokens[i]!.text;
      depth += text === ">" ? 1 : text === ">>" ? 2 : text === "<" ? -1 : 0;
      if (depth <= 0) break;
    }
    i--;
  }
  const name = tokens[i];
  return name?.kind === "identifier" ? name : null;
}
