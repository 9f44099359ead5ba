import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * No rule source writes a compute capability: the capability a feature or a library needs comes from
 * `@gpu-compat/targets` (`requiredCapability("bf16")`, `meets(target, "vllm")`), so the numbers live in one table.
 * A library's own error text is quoted verbatim, in a constant named for it (`VLLM_ERROR`, `PTXAS_BF16_ERROR`):
 * those are the only strings allowed to hold one. Comments may cite numbers (they cite the sources).
 */
const SRC = fileURLToPath(new URL("../src", import.meta.url));
/** Generated from the rules' markdown docs, which cite the hardware facts. */
const SKIPPED = new Set(["docs.generated.ts"]);
/** A constant holding a library's error text, quoted: `VLLM_ERROR`, `SCALED_MM_ERROR_TAIL`, `XFORMERS_QUOTE`. */
const QUOTE_CONSTANT = /^[A-Z0-9_]*_(ERROR|QUOTE)(_[A-Z0-9]+)?$/;
/** "compute capability 8.0", "capability of at least 8.0", "cc >= 7.5", "sm_80", "sm80", "capability (7, 5)". */
const CAPABILITY_TEXT = /\b(?:compute capability|capability|cc|sm_?)\s*(?:of at least|[<>]=?|below|above)?\s*(?:\d+\.\d|\(\d+, ?\d+\))|\bsm_?\d{2,3}\b/i;
/** Code reading the GPU's capability: `computeCapability.major`, `computeCapabilityOf(target)`, `..._MIN_CC`. */
const CAPABILITY_CODE = /computeCapability|\bmajor\b|\bminor\b|_CC\b|capability/i;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !SKIPPED.has(entry.name) ? [path] : [];
  });
}

/** Each capability written in the file, outside comments and quote constants: "line: text". */
function capabilityLiterals(text: string, fileName = "rule.ts"): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && QUOTE_CONSTANT.test(node.name.text)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      if (CAPABILITY_TEXT.test(node.text)) at(node, node.text);
    } else if (ts.isBinaryExpression(node) && isComparison(node.operatorToken.kind)) {
      const [left, right] = [node.left.getText(file), node.right.getText(file)];
      if ((ts.isNumericLiteral(node.right) && CAPABILITY_CODE.test(left)) || (ts.isNumericLiteral(node.left) && CAPABILITY_CODE.test(right))) at(node, node.getText(file));
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && /_CC$|CAPABILITY/i.test(node.name.text) && node.initializer && ts.isNumericLiteral(node.initializer)) {
      at(node, node.getText(file));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function isComparison(kind: ts.SyntaxKind): boolean {
  return [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken].includes(kind);
}

describe("compute capabilities in rule sources", () => {
  it("finds the spellings it is meant to find, and leaves quotes and comments", () => {
    const sample = [
      "// Triton pipelines from compute capability 8.0 on (a comment cites the source).",
      'const VLLM_ERROR = \'"Bfloat16 is only supported on GPUs with compute capability of at least 8.0"\';',
      "const a = `needs compute capability 8.0: on ${label}`;",
      "const b = \"fails with sm_80\";",
      "const c = target.gpu.computeCapability.major >= 8;",
      "const VLLM_MIN_CC = 7.0;",
      "const d = `compute capability ${requiredCapability(\"bf16\")}`;",
    ].join("\n");
    expect(capabilityLiterals(sample).map((hit) => hit.split(":")[0])).toEqual(["3", "4", "5", "6"]);
  });

  it.each(sourceFiles(SRC).map((path) => [relative(SRC, path), path]))("%s writes none outside quotes of library errors", (_name, path) => {
    expect(capabilityLiterals(readFileSync(path, "utf8"), path)).toEqual([]);
  });
});
