import { docsVersion } from "./docs.generated.js";

/**
 * Where each rule's documentation is published: the rule docs folder of the project's repository at the release
 * tag of this version (`v0.1.0`), so that a report or a SARIF log keeps pointing at the docs of the rules that
 * wrote it, not at whatever `main` says later.
 */
export const DOCS_BASE_URL = `https://github.com/gpu-compat/gpu-compat/blob/v${docsVersion}/packages/rules/docs`;

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}/${ruleId}.md`;
}
