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
 * Qwen2.5 1.5B. A size `0_N` is always a fraction; `N_M` is one only in Qwen builders (0.5B, 1.5B, 1.7B); else the
 * last number is the size.
 */
function builderAsModelId(builder: string): string {
  const fraction = /_(\d)_(\d)b$/.exec(builder);
  if (fraction && (fraction[1] === "0" || /qwen/.test(builder))) return `${builder.slice(0, fraction.index)}-${fraction[1]}.${fraction[2]}b`;
  return builder;
}

/** Whether a torchtune config trains (it has an optimizer) rather than generates or evaluates. */
export function torchtuneTrains(document: ConfigSource): boolean {
  return document.key(["optimizer"]) !== undefined;
}

/**
 * Whether the model trains in float32 on one of the target's GPUs, from a lower bound: frozen weights take 4 bytes a
 * parameter (QLoRA's NF4 base about 0.5), full fine-tuning adds float32 gradients and AdamW's two moments (16 bytes a
 * parameter). Undefined when the size is unknown; the reason, with the numbers, otherwise.
 */
export function float32Fit(context: RuleContextBase, model: TorchtuneModel, training: boolean): { fits: boolean; why: string } | undefined {
  if (model.parameters === undefined) return undefined;
  const bytes = !training ? 4 : model.trains === "full" ? 16 : model.trains === "qlora" ? 0.5 : 4;
  const what =
    !training ? "its float32 weights" : model.trains === "full" ? "float32 weights, gradients and AdamW's two moments (16 bytes a parameter)" : model.trains === "qlora" ? "its 4-bit base weights" : "its frozen float32 weights";
  const needGiB = (model.parameters * bytes) / 2 ** 30;
  const available = availableGiB(context.target, false);
  const label = `${formatParameters(model.parameters)} parameters (from ${model.sizedBy})`;
  const fits = needGiB <= available;
  const why = `the model has ~${label}; ${what} take ~${formatGiBValue(needGiB)} GiB, ${fits ? "within" : "more than"} the ${formatGiBValue(available)} GiB of one ${context.target.gpu.name}`;
  return { fits, why };
}
