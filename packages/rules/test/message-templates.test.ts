import { allRules, messageTemplates } from "@gpu-compat/rules";
import { describe, expect, it } from "vitest";

describe("message templates", () => {
  const MESSAGES = messageTemplates({ noEffect: "TF32 needs compute capability {{cc}}; on {{gpu}} this has no effect.", plain: "No data." });

  it("fills each placeholder from the data, and names the template", () => {
    expect(MESSAGES.render("noEffect", { cc: "8.0", gpu: "Tesla T4" })).toEqual({ messageId: "noEffect", message: "TF32 needs compute capability 8.0; on Tesla T4 this has no effect." });
    expect(MESSAGES.render("plain", {}).message).toBe("No data.");
  });

  it("types the id and the data", () => {
    // @ts-expect-error: an id the rule does not declare
    expect(() => MESSAGES.render("missing", {})).toThrow();
    // @ts-expect-error: data without the template's placeholder `gpu`
    expect(() => MESSAGES.render("noEffect", { cc: "8.0" })).toThrow(/needs \{\{gpu\}\}/);
  });

  it.each(allRules.filter((rule) => rule.messages).map((rule) => [rule.id, rule.messages!] as const))("%s declares full sentences with named placeholders", (_id, messages) => {
    for (const [id, template] of Object.entries(messages)) {
      expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(template).toMatch(/[.!?]$/);
      expect(template.replace(/\{\{[a-zA-Z]\w*\}\}/g, "")).not.toMatch(/[{}]{2}/);
    }
  });
});
