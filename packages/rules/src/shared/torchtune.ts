import type { ConfigSource } from "@gpu-compat/config";
import { availableGiB, formatGiBValue, formatParameters, parametersFromModelId } from "../model-size/index.js";
import type { RuleContextBase } from "../types.js";

/** A torchtune recipe config's model: its builder, the weights it trains, and its size when the names tell it. */
export interface TorchtuneModel {
  /** `torchtune.models.llama3_2.lora_llama3_2_1b`. */
  component: string;
  /** Adapters on frozen weights (`lora_*`, `qlora_*` builders, or a DPO/PPO recipe's LoRA model), or every weight. */
  trains: "lora" | "qlora" | "full";
  parameters?: number;
  /** Where the size comes from, for messages. */
  sizedBy?: string;
}

/** The `model._component_` of a torchtune config, with what its builder's name says. */
export function torchtuneModel(document: ConfigSource): TorchtuneModel | undefined {
  const component = document.get(["model", "_component_"])?.value;
  if (typeof component !== "string" || !component.startsWith("torchtune.")) return undefined;
  const builder = component.split(".").pop()!;
  const trains = builder.startsWith("qlora_") ? "qlora" : builder.startsWith("lora_") ? "lora" : "full";
  const fromBuilder = parametersFromModelId(builderAsModelId(builder));
  if (fromBuilder) return { component, trains, parameters: fromBuilder.parameters, sizedBy: `the builder's name, \`${builder}\`` };
  // `checkpointer.checkpoint_dir: /tmp/Llama-3.2-1B-Instruct/`: the downloaded model's directory names it.
  const dir = document.get(["checkpointer", "checkpoint_dir"])?.value;
  const base = typeof dir === "string" ? dir.replace(/\/+$/, "").split("/").pop() : undefined;
  const fromDir = base && !base.includes("$") ? parametersFromModelId(base) : undefined;
  return fromDir ? { component, trains, parameters: fromDir.parameters, sizedBy: `its checkpoint directory, \`${base}\`` } : { component, trains };
}

/**
 * torchtune spells versions and fractional sizes with underscores: `llama3_1_8b` is Llama 3.1 8B, `qwen2_5_1_5b` is
 * Qwen2.5 1.5B. A size `0_N` is always a fraction; `1_N` is one only in Qwen builders (1.5B, 1.7B); else the
 * number before the `b` is the size (`qwen2_5_3b`: 3B).
 */
function builderAsModelId(builder: string): string {
  const fraction = /_([01])_(\d)b(?=_|$)/.exec(builder);
  if (fraction && (fraction[1] === "0" || /qwen/.test(builder))) {
    return `${builder.slice(0, fraction.index)}-${fraction[1]}.${fraction[2]}b${builder.slice(fraction.index + fraction[0].length)}`;
  }
  return builder;
}

/** Whether a torchtune config trains (it has an optimizer) rather than generates or evaluates. */
export function torchtuneTrains(document: ConfigSource): boolean {
  return document.key(["optimizer"]) !== undefined;
}

/**
 * Whether the model trains in float32 on one of the target's GPUs, from a lower bound: frozen weights take 4 bytes a
 * parameter (QLoRA's NF4 base about 0.5); full fine-tuning adds float32 gradients (none kept with
 * `optimizer_in_bwd: True`) and the optimizer's two moments (8 bytes, 2 for an 8-bit optimizer). Undefined when the
 * size is unknown; the reason, with the numbers, otherwise.
 */
export function float32Fit(context: RuleContextBase, model: TorchtuneModel, training: boolean, document: ConfigSource): { fits: boolean; why: string } | undefined {
  if (model.parameters === undefined) return undefined;
  let bytes = 4;
  let what = training ? "its frozen float32 weights" : "its float32 weights";
  if (training && model.trains === "qlora") {
    bytes = 0.5;
    what = "its 4-bit base weights";
  } else if (training && model.trains === "full") {
    const optimizer = document.get(["optimizer", "_component_"])?.value;
    const eightBit = typeof optimizer === "string" && /8bit/i.test(optimizer);
    const inBackward = document.get(["optimizer_in_bwd"])?.value === true;
    bytes = 4 + (inBackward ? 0 : 4) + (eightBit ? 2 : 8);
    what = `float32 weights${inBackward ? "" : ", gradients"} and the optimizer's ${eightBit ? "8-bit " : ""}moments (${bytes} bytes a parameter)`;
  }
  const needGiB = (model.parameters * bytes) / 2 ** 30;
  const available = availableGiB(context.target, false);
  const label = `${formatParameters(model.parameters)} parameters (from ${model.sizedBy})`;
  const fits = needGiB <= available;
  const why = `the model has ~${label}; ${what} take ~${formatGiBValue(needGiB)} GiB, ${fits ? "within" : "more than"} the ${formatGiBValue(available)} GiB of one ${context.target.gpu.name}`;
  return { fits, why };
}
