import { readFileSync } from "node:fs";
import { loadPythonParser, PythonSource, type PythonParser, type SyntaxNode } from "@gpu-compat/python";
import { allRules, findRule, type Rule, type RuleFinding } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureCases } from "./fixtures.js";

// Rules that own the bf16 dtype argument of a library call: `bf16-dtype` must leave those arguments to them, or the
// two would edit the same bytes (float32 from one, the library's own dtype from the other).
const OWNERS = allRules.filter((rule) => rule.ownsDtypeOf).map((rule) => rule.id);
const TARGETS = ["t4", "t4x2", "p100", "k80"];

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

function findingsOf(rule: Rule, source: PythonSource, targetName: string): RuleFinding[] {
  const found: RuleFinding[] = [];
  const context = { target: resolveTarget(targetName), precision: "auto" as const, project: { modelConfig: () => undefined, importersOf: () => [] }, source };
  rule.checks.python?.run?.({ ...context, report: (finding) => found.push(finding) });
  return found;
}

/**
 * What the owning rule owns around a finding: the call whose argument list holds it, or the kwargs dict or the
 * parameter list it sits in (vLLM engine kwargs spread with `**kw`, a wrapper's default).
 */
function ownedCall(root: SyntaxNode, finding: RuleFinding): SyntaxNode {
  for (let node = root.descendantForIndex(finding.start, finding.end); node; node = node.parent) {
    if (node.type === "dictionary" || node.type === "parameters") return node;
    const args = node.type === "call" ? node.childForFieldName("arguments") : null;
    if (args && args.startIndex <= finding.start && finding.end <= args.endIndex) return node;
  }
  throw new Error(`no call around ${finding.start}-${finding.end}`);
}

// Python fixtures only: in shell scripts bf16-dtype reads `--torch_dtype`, which none of the owners read.
describe.each(fixtureCases().filter((c) => OWNERS.includes(c.rule) && c.virtualPath.endsWith(".py")))("bf16-dtype on $rule / $name", (fixture) => {
  it("reports nothing inside the calls the owning rule reports on", () => {
    const text = readFileSync(fixture.inputPath, "utf8");
    const tree = parser.parse(text);
    try {
      const source = new PythonSource(text, tree.root);
      for (const targetName of TARGETS) {
        const owned = findingsOf(findRule(fixture.rule)!, source, targetName).map((f) => ownedCall(tree.root, f));
        if (!fixture.negative) expect(owned.length, `${fixture.rule} finds nothing on ${targetName}`).toBeGreaterThan(0);
        const inside = findingsOf(findRule("bf16-dtype")!, source, targetName).filter((f) =>
          owned.some((call) => call.startIndex <= f.start && f.end <= call.endIndex),
        );
        expect(inside, targetName).toEqual([]);
      }
    } finally {
      tree.dispose();
    }
  });
});
