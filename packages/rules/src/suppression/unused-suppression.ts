import { defineRule } from "../define.js";

/**
 * `# gpu-compat: ignore[...]` (`//` in CUDA) comments that suppress nothing on the target: stale after a rewrite, or naming a
 * rule that does not exist. The engine finds them while it applies suppressions (packages/engine/src/suppressions.ts).
 */
export const unusedSuppression = defineRule({
  id: "unused-suppression",
  title: "Suppression comments that suppress nothing, or name a rule that does not exist",
  category: "suppression",
  severity: "info",
  fixable: "never",
  appliesWhen: "every target: a suppression counts as unused when none of the rules it names found anything on its line for this target",
  appliesTo: () => true,
  triggers: ["gpu-compat"],
  // Its literal is in comments.
  triggerScope: "text",
  reportedByEngine: true,
  // The kinds of file whose suppression comments the engine reads; it reports the findings, so no check runs.
  checks: { python: {}, shell: {}, config: {}, cuda: {} },
});
