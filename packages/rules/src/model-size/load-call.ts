import { calleeName, isTrue, keywordArgument, keywordValue, stringValue, unparenthesize, type PythonSource, type SyntaxNode } from "@gpu-compat/python";
import type { WeightDtype } from "./memory.js";

/** The weights a `from_pretrained(...)` call puts on the GPU: a dtype, or the range a dtype left open can mean. */
export interface LoadWeights {
  /** The fewest bytes per weight it can mean, and the most; the same dtype when the call says. */
  low: WeightDtype;
  high: WeightDtype;
  /** How messages name it: "float16", "4-bit (bitsandbytes)", "its default dtype (float32 or the checkpoint's)". */
  label: string;
}

const TORCH_DTYPES: Readonly<Record<string, WeightDtype>> = {
  float16: "float16",
  half: "float16",
  bfloat16: "bfloat16",
  float32: "float32",
  float: "float32",
};

/**
 * Without a dtype, transformers 4 loads float32 and transformers 5 the checkpoint's dtype ("auto" became the
 * default, huggingface/transformers#42805), which is float16/bfloat16 for most LLMs and float32 for some.
 */
const OPEN: LoadWeights = { low: "float16", high: "float32", label: "its default dtype (float32 in transformers 4, the checkpoint's in 5)" };

/**
 * What a model load call loads its weights in: bitsandbytes quantization (`load_in_4bit=True`, `load_in_8bit=True`,
 * `quantization_config=BitsAndBytesConfig(...)` inline or through a name assigned once in the file), else its
 * `torch_dtype=`/`dtype=` (`dtype` since transformers 4.56). Undefined when it cannot tell: another quantization
 * method, or a config it cannot read.
 */
export function loadWeightsOf(source: PythonSource, call: SyntaxNode): LoadWeights | undefined {
  const quantization = quantizationOf(source, call);
  if (quantization !== "none") return quantization;
  const keyword = keywordArgument(call, "torch_dtype") ?? keywordArgument(call, "dtype");
  if (!keyword) return OPEN;
  const value = resolveName(source, keywordValue(keyword));
  const dtype = value && dtypeOf(source, value);
  if (dtype) return { low: dtype, high: dtype, label: dtype };
  if (value && stringValue(value) === "auto") return { ...OPEN, label: "the checkpoint's dtype (`\"auto\"`)" };
  // A dtype the file computes: some float dtype, 2 or 4 bytes.
  return { ...OPEN, label: "a dtype set at run time (float16 to float32)" };
}

function quantizationOf(source: PythonSource, call: SyntaxNode): LoadWeights | "none" | undefined {
  const bits = bitsOf(call);
  if (bits) return quantized(bits);
  const keyword = keywordArgument(call, "quantization_config");
  if (!keyword) return "none";
  const config = resolveName(source, keywordValue(keyword));
  if (config?.type !== "call" || calleeName(config) !== "BitsAndBytesConfig") return undefined;
  const configBits = bitsOf(config);
  return configBits ? quantized(configBits) : undefined;
}

function bitsOf(call: SyntaxNode): 4 | 8 | undefined {
  const on = (name: string) => {
    const keyword = keywordArgument(call, name);
    return !!keyword && isTrue(keywordValue(keyword));
  };
  return on("load_in_4bit") ? 4 : on("load_in_8bit") ? 8 : undefined;
}

function quantized(bits: 4 | 8): LoadWeights {
  const dtype: WeightDtype = bits === 4 ? "int4" : "int8";
  return { low: dtype, high: dtype, label: `${bits}-bit (bitsandbytes)` };
}

/** `torch.float16`, `torch.half`, `"bfloat16"`, ... as a weight dtype; undefined for anything else. */
function dtypeOf(source: PythonSource, node: SyntaxNode): WeightDtype | undefined {
  const literal = stringValue(node);
  if (literal !== null) return TORCH_DTYPES[literal.replace(/^torch\./, "")];
  const name = node.type === "attribute" || node.type === "identifier" ? source.imports.qualifiedName(node) : null;
  const match = name ? /^torch\.(\w+)$/.exec(name) : null;
  return match ? TORCH_DTYPES[match[1]!] : undefined;
}

/**
 * A name's value when the one binding it refers to (by Python's scoping) assigns it plainly
 * (`bnb_config = BitsAndBytesConfig(...)`); null for other names; any other node is its own value.
 */
export function resolveName(source: PythonSource, node: SyntaxNode | null): SyntaxNode | null {
  if (!node || node.type !== "identifier") return node;
  const bindings = source.semantic.resolve(node);
  const value = bindings.length === 1 && bindings[0]!.kind === "assignment" ? bindings[0]!.value : undefined;
  return value ? unparenthesize(value) : null;
}
