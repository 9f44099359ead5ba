import { callNamedAt, closestAncestor, stringValue, type SyntaxNode } from "@gpu-compat/python";
import { isCudaTarget } from "@gpu-compat/targets";
import { defineRule, messageTemplates } from "../define.js";
import type { PythonRuleContext } from "../types.js";

const MESSAGES = messageTemplates({
  cudaMethod: "`{{code}}` moves to a CUDA device, and a TPU has none: it fails with \"Torch not compiled with CUDA enabled\" (or, with a CUDA build of torch, finds no NVIDIA driver).",
  cudaString: "`{{code}}` names a CUDA device, and a TPU has none: PyTorch reaches the TPU as the XLA device.",
  cudaAmp: "`{{code}}` is CUDA mixed precision; on a TPU, mixed precision is bf16 autocast on the XLA device, which needs no loss scaling.",
  cudaLibrary: "{{library}} runs CUDA kernels ({{why}}), so it does not run on a TPU.",
  cudaSource: "This CUDA source builds kernels for NVIDIA GPUs only: nothing in it runs on a TPU.",
});

/** Libraries that are CUDA kernels, by import name and by the project name a requirements file writes. */
const CUDA_LIBRARIES: Readonly<Record<string, { project: string; why: string; instead: string }>> = {
  bitsandbytes: { project: "bitsandbytes", why: "its 4/8-bit kernels have no TPU backend", instead: "Load the model in bf16 (native on a TPU) instead of 4/8-bit; `BitsAndBytesConfig` and 8-bit optimizers have no TPU path." },
  flash_attn: { project: "flash-attn", why: "FlashAttention's kernels are written in CUDA", instead: "Use PyTorch SDPA (`attn_implementation=\"sdpa\"` or `\"eager\"`), which torch_xla lowers for the TPU; torch_xla also ships a Pallas flash attention (`torch_xla.experimental.custom_kernel.flash_attention`)." },
  xformers: { project: "xformers", why: "its attention kernels are CUDA and Triton", instead: "Use PyTorch SDPA (`torch.nn.functional.scaled_dot_product_attention`), which torch_xla lowers for the TPU." },
  triton: { project: "triton", why: "Triton compiles for NVIDIA and AMD GPUs", instead: "Keep the PyTorch reference path of the kernel, which XLA compiles for the TPU (or write it in Pallas)." },
};

const DEVICE_HINT = "On a TPU use the XLA device: `import torch_xla` and `device = torch_xla.device()` (older torch_xla: `torch_xla.core.xla_model.xla_device()`), then `.to(device)`.";
const AMP_HINT = "Use `torch.autocast(\"xla\", dtype=torch.bfloat16)` and drop the GradScaler (PyTorch/XLA AMP docs).";

export const tpuCudaCode = defineRule({
  id: "tpu-cuda-code",
  title: "CUDA-only code on a TPU target",
  category: "platform",
  severity: "warning",
  fixable: "never",
  messages: MESSAGES.templates,
  runsOnTpu: true,
  appliesWhen: "the target is not a CUDA GPU (kaggle-tpu-v3-8)",
  appliesTo: (target) => !isCudaTarget(target),
  triggers: ["cuda", "BitsAndBytesConfig", ...Object.keys(CUDA_LIBRARIES)],
  checks: {
    python: {
      run(context) {
        if (context.source.imports.statements.some((statement) => /\btorch_xla\b/.test(statement.text))) return; // already written for XLA
        checkImports(context);
        const seen = new Set<number>();
        for (const node of context.source.occurrences("cuda")) checkCuda(context, node, seen);
        for (const node of context.source.occurrences("BitsAndBytesConfig")) checkBnbConfig(context, node);
      },
    },
    requirements: {
      triggers: Object.values(CUDA_LIBRARIES).map((library) => library.project),
      run(context) {
        for (const library of Object.values(CUDA_LIBRARIES)) {
          for (const requirement of context.document.find(library.project)) {
            context.report({ start: requirement.start, end: requirement.end, ...MESSAGES.render("cudaLibrary", { library: `\`${library.project}\``, why: library.why }), hint: library.instead });
          }
        }
      },
    },
    cuda: {
      triggers: ["__global__"],
      run(context) {
        const at = context.document.text.indexOf("__global__");
        if (at < 0) return;
        context.report({ start: at, end: at + "__global__".length, ...MESSAGES.render("cudaSource", {}), hint: "Keep or write a PyTorch implementation of what these kernels compute (XLA compiles it for the TPU), or port them to Pallas." });
      },
    },
  },
});

/** `import bitsandbytes`, `from flash_attn import ...`, `import triton.language as tl`: once per statement. */
function checkImports(context: PythonRuleContext): void {
  for (const statement of context.source.imports.statements) {
    const module = /^(?:from\s+([\w.]+)|import\s+([\w.]+))/.exec(statement.text);
    const root = (module?.[1] ?? module?.[2])?.split(".")[0];
    const library = root === undefined ? undefined : CUDA_LIBRARIES[root];
    if (!library) continue;
    context.report({ start: statement.startIndex, end: statement.endIndex, ...MESSAGES.render("cudaLibrary", { library: `\`${root}\``, why: library.why }), hint: library.instead });
  }
}

/** `BitsAndBytesConfig(...)` (transformers, diffusers): 4/8-bit loading through bitsandbytes. */
function checkBnbConfig(context: PythonRuleContext, node: SyntaxNode): void {
  const found = callNamedAt(node);
  if (!found) return;
  const library = CUDA_LIBRARIES["bitsandbytes"]!;
  context.report({ start: found.call.startIndex, end: found.call.endIndex, ...MESSAGES.render("cudaLibrary", { library: "`BitsAndBytesConfig` (bitsandbytes)", why: library.why }), hint: library.instead });
}

/** `.cuda()`, `torch.cuda.amp.*`, and "cuda" / "cuda:0" strings passed as a device. */
function checkCuda(context: PythonRuleContext, node: SyntaxNode, seen: Set<number>): void {
  const { source } = context;
  if (node.type === "identifier") {
    const attribute = node.parent?.type === "attribute" ? node.parent : null;
    const qualified = attribute ? source.imports.qualifiedName(attribute) : null;
    // `torch.cuda.amp.autocast(...)`, `torch.cuda.amp.GradScaler()`: the outermost torch.cuda.amp.* name.
    let outer: SyntaxNode | null = attribute;
    while (outer?.parent?.type === "attribute") outer = outer.parent;
    const outerName = outer ? source.imports.qualifiedName(outer) : null;
    if (outer && outerName?.startsWith("torch.cuda.amp.") && !seen.has(outer.startIndex)) {
      seen.add(outer.startIndex);
      context.report({ start: outer.startIndex, end: outer.endIndex, ...MESSAGES.render("cudaAmp", { code: outer.text }), hint: AMP_HINT });
      return;
    }
    if (qualified === "torch.cuda") return; // other torch.cuda.* calls: device queries, not placement
    const found = callNamedAt(node);
    if (found && attribute && found.callee.startIndex === attribute.startIndex) {
      context.report({ start: attribute.startIndex, end: found.call.endIndex, ...MESSAGES.render("cudaMethod", { code: `${attribute.childForFieldName("object")?.text ?? ""}.cuda()` }), hint: DEVICE_HINT });
    }
    return;
  }
  const string = node.type === "string" ? node : closestAncestor(node, "string");
  if (!string || seen.has(string.startIndex)) return;
  const value = stringValue(string);
  if (value === null || !/^cuda(?::\d+)?$/.test(value)) return;
  seen.add(string.startIndex);
  if (!passedAsDevice(string)) return;
  const call = closestAncestor(string, "call");
  const callee = call?.childForFieldName("function");
  const calleeName = callee ? source.imports.qualifiedName(callee) : null;
  if (calleeName === "torch.autocast" || calleeName === "torch.amp.autocast") {
    context.report({ start: string.startIndex, end: string.endIndex, ...MESSAGES.render("cudaAmp", { code: `${callee!.text}(${string.text}, ...)` }), hint: AMP_HINT });
    return;
  }
  context.report({ start: string.startIndex, end: string.endIndex, ...MESSAGES.render("cudaString", { code: string.text }), hint: DEVICE_HINT });
}

/** A string that picks a device: an argument of a call, a keyword value, or the value assigned to a `*device*` name. */
function passedAsDevice(string: SyntaxNode): boolean {
  const parent = string.parent;
  if (!parent) return false;
  if (parent.type === "argument_list") return true;
  if (parent.type === "keyword_argument") return parent.childForFieldName("value")?.startIndex === string.startIndex;
  if (parent.type === "assignment") return /device/i.test(parent.childForFieldName("left")?.text ?? "");
  return false;
}
