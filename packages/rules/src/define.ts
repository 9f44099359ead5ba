import { isCudaTarget, requiredCapability, type Feature } from "@gpu-compat/targets";
import type { ContextFor, FileKind, Rule } from "./types.js";

function below(feature: Feature): string {
  return `compute capability below ${requiredCapability(feature)}`;
}

/** Each rule runs on targets that lack one feature; this says which in words, once per feature. */
const WHEN_LACKING: Record<Feature, string> = {
  bf16: `the target has no bf16 tensor cores (${below("bf16")})`,
  tf32: `the target has no TF32 tensor cores (${below("tf32")})`,
  flashAttention2: `the target cannot run FlashAttention-2 kernels (${below("flashAttention2")})`,
  triton: `the target cannot run Triton, which torch.compile's default Inductor backend needs (${below("triton")})`,
  fp8: `the target has no FP8 tensor cores (${below("fp8")}, A100 included)`,
  fp16TensorCores: `the target has no fp16 tensor cores (${below("fp16TensorCores")})`,
  currentTorchWheels: `PyTorch's current default CUDA wheels have no kernels for the target (${below("currentTorchWheels")}: none from 2.8 on below 7.0, none from 2.11 on below 7.5)`,
};

type Definition = Omit<Rule, "lacks" | "checks" | "reportedByEngine">;

/**
 * A rule runs on targets without the feature it `lacks`, or, without `lacks`, where its own `appliesTo` says. Each
 * kind of file in `checks` has a `run`, except on a rule the engine reports (`reportedByEngine`), which has none.
 */
export type RuleDefinition = (
  | (Omit<Definition, "appliesTo" | "appliesWhen"> & { lacks: Feature })
  | (Definition & { lacks?: undefined })
) &
  (
    | { reportedByEngine?: undefined; checks: { readonly [K in FileKind]?: { run(context: ContextFor[K]): void; triggers?: readonly string[]; needsOneOf?: readonly string[] } } }
    | { reportedByEngine: true; checks: { readonly [K in FileKind]?: { run?: undefined; triggers?: readonly string[] } } }
  );

export function defineRule(definition: RuleDefinition): Rule {
  const { lacks } = definition;
  const rule: Rule = lacks === undefined ? definition : { ...definition, appliesWhen: WHEN_LACKING[lacks], appliesTo: (target) => !target.gpu.features[lacks] };
  if (rule.runsOnTpu) return rule;
  // A rule about CUDA GPUs says nothing true of a TPU (no compute capability there): only rules that opt in run.
  const appliesToGpu = rule.appliesTo;
  return { ...rule, appliesTo: (target) => isCudaTarget(target) && appliesToGpu(target) };
}

/** The `{{name}}` placeholders of a message template, as a union of names. */
type Placeholders<T extends string> = T extends `${string}{{${infer Name}}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** What a template needs to be rendered: one value per placeholder, nothing else. */
export type MessageData<T extends string> = Record<Placeholders<T>, string | number>;

/** A rule's message templates and the one way to fill them. */
export interface MessageTemplates<M extends Record<string, string>> {
  /** Declared on the rule as `messages` (listed by `explain` and checked by the registry test). */
  readonly templates: M;
  /** A finding's `messageId` and `message`: the template with each `{{name}}` replaced by `data.name`. */
  render<Id extends keyof M & string>(messageId: Id, data: MessageData<M[Id]>): { messageId: Id; message: string };
}

/**
 * A rule's messages as templates with typed data, as typescript-eslint's `meta.messages` and `messageId`: the rule
 * declares each sentence it can say once, with `{{name}}` placeholders for what varies (the GPU, the capability a
 * feature needs, the code), and reports `...MESSAGES.render("id", { name: value })`. The compiler checks that the
 * id exists and that the data fills exactly the template's placeholders; hardware numbers go in as data
 * (`requiredCapability("bf16")`, `gpuLabel(target)`), never into the template.
 *
 * ```ts
 * const MESSAGES = messageTemplates({ noEffect: "TF32 needs compute capability {{cc}}; on {{gpu}} this has no effect." });
 * export const rule = defineRule({ ..., messages: MESSAGES.templates, checks: { python: { run(context) {
 *   context.report({ ...range, ...MESSAGES.render("noEffect", { cc: requiredCapability("tf32"), gpu: gpuLabel(context.target) }) });
 * } } } });
 * ```
 */
export function messageTemplates<const M extends Record<string, string>>(templates: M): MessageTemplates<M> {
  return {
    templates,
    render(messageId, data) {
      const values = data as Record<string, string | number>;
      const message = templates[messageId]!.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`message "${messageId}" needs {{${name}}}`);
        return String(value);
      });
      return { messageId, message };
    },
  };
}
