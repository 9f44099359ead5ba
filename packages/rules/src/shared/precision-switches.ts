import type { Guard, PythonSource, SyntaxNode } from "@gpu-compat/python";
import { noBf16Reason } from "./messages.js";
import type { PythonRuleContext } from "../types.js";

interface SwitchUses {
  setting: SyntaxNode;
  first: SyntaxNode;
  count: number;
}

/**
 * bf16 chosen by a user's precision switch (`torch.bfloat16 if args.bf16 else torch.float32`): the code is left
 * alone and the switch is reported once, where it is decided. A default in the file that turns it on (an argparse
 * `default=True`, a dataclass field, a constant) gets the hint; a switch set outside the file (on the command line,
 * by a config) gets one note at its first use; a switch that is off by default says nothing.
 */
export class PrecisionSwitches {
  private static readonly bySource = new WeakMap<PythonSource, PrecisionSwitches>();
  private readonly uses = new Map<string, SwitchUses>();

  static of(source: PythonSource): PrecisionSwitches {
    let found = PrecisionSwitches.bySource.get(source);
    if (!found) PrecisionSwitches.bySource.set(source, (found = new PrecisionSwitches()));
    return found;
  }

  /** Counts a use that a precision switch guards, for the switch's report; other guards are not switches. */
  note(guard: Guard, use: SyntaxNode): void {
    if (guard.kind !== "flag" || !guard.setting) return;
    const key = guard.setting.text.replace(/\s+/g, "");
    const entry = this.uses.get(key);
    if (entry) entry.count++;
    else this.uses.set(key, { setting: guard.setting, first: use, count: 1 });
  }

  /** Reports each switch once, and forgets them: a later check of the same text counts afresh. */
  report(context: PythonRuleContext): void {
    const { semantic } = context.source;
    const uses = [...this.uses];
    this.uses.clear();
    for (const [name, { setting, first, count }] of uses) {
      const value = semantic.constantValue(setting);
      const where = count === 1 ? "here" : `in ${count} places of this file`;
      const reason = noBf16Reason(context.target);
      if (value === undefined) {
        context.report({
          start: first.startIndex,
          end: first.endIndex,
          severity: "info",
          message: `This bfloat16 is chosen by \`${name}\` (${where}), a precision switch set where the run is launched or configured, but ${reason}.`,
          hint: `Leave this code as it is and turn \`${name.split(".").pop()}\` off where it is set on this GPU: gpu-compat rewrites \`--bf16\` in launch scripts and \`bf16: true\` in the configs it reads.`,
        });
        continue;
      }
      const defaultNode = value === true || value === "bf16" || value === "bfloat16" ? definitionOf(context, setting) : undefined;
      if (!defaultNode) continue;
      context.report({
        start: defaultNode.startIndex,
        end: defaultNode.endIndex,
        message: `\`${name}\` defaults to ${JSON.stringify(value)} here, which picks bfloat16 ${count === 1 ? "once" : `in ${count} places`} in this file, but ${reason}.`,
        hint: `Turn the default off on this GPU (fp16 mixed precision or float32, whichever the script offers), or pass the switch off at launch. Not rewritten: the other branch is the script author's.`,
      });
    }
  }
}

/** Where a switch's default is written in the file: an argparse `default=` (or the call), a dataclass field, an assignment. */
function definitionOf(context: PythonRuleContext, setting: SyntaxNode): SyntaxNode | undefined {
  const { semantic } = context.source;
  if (setting.type === "attribute") {
    const name = setting.childForFieldName("attribute")?.text ?? "";
    const option = semantic.argumentOption(name);
    if (option) return option.default ?? option.call;
    return semantic.dataclassField(name)?.default;
  }
  const bindings = semantic.resolve(setting);
  return bindings.length === 1 ? bindings[0]!.value : undefined;
}
