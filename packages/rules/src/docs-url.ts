/** Where each rule's documentation is published: the rule docs folder of the project's repository. */
export const DOCS_BASE_URL = "https://github.com/gpu-compat/gpu-compat/blob/main/packages/rules/docs";

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}/${ruleId}.md`;
}
