/**
 * Regression tests for bugs found while writing the @gpu-compat/python unit tests: guards learned from subscript
 * targets, strings and chained assignments, comments inside conditional expressions, `.major` of non-hardware
 * objects, and stray whitespace left by removeArgumentEdit.
 */
import { applyEdits, keywordArgument, removeArgumentEdit } from "@gpu-compat/python";
import { describe, expect, it } from "vitest";
import { BACKENDS, useParser } from "./support.js";

describe.each(BACKENDS)("regressions (%s backend)", (backend) => {
  const p = useParser(backend);

  const guardOfFirst = (code: string, word = "bfloat16") => {
    const source = p.source(code);
    expect(source.root.hasError).toBe(false);
    const [marker] = source.occurrences(word);
    return source.guards.guardOf(marker!);
  };

  describe("guards.ts", () => {
    // BUG 1: learnDerivedNames adds every identifier of a subscript assignment target, so
    // `self.flags["bf16"] = check()` makes `self` a hardware check and every `if self.<anything>:` a guard.
    it("does not turn `self` into a check name after `self.flags[key] = check()`", () => {
      const code =
        "class M:\n" +
        "    def __init__(self):\n" +
        "        self.flags['bf16'] = torch.cuda.is_bf16_supported()\n" +
        "\n" +
        "    def forward(self, x):\n" +
        "        if self.training:\n" +
        "            return x.to(torch.bfloat16)\n";
      expect(guardOfFirst(code)).toBeNull(); // actual: { name: "self", condition: self.training }
    });

    // Same root cause: the subscript index (a loop variable here) becomes a check name.
    it("does not turn a subscript index into a check name", () => {
      const code = "for i in range(n):\n    flags[i] = is_bf16_supported()\nif i > 0:\n    x = torch.bfloat16\n";
      expect(guardOfFirst(code)).toBeNull(); // actual: { name: "i", condition: i > 0 }
    });

    // BUG 7 (regression in the uncommitted words.ts-based learnDerivedNames): a check name inside a *string* on
    // the right-hand side now derives the target, where the committed version only looked at identifiers.
    it("does not learn a name from a string that mentions a check", () => {
      const code = "msg = 'is_bf16_supported() returned False'\nif msg:\n    x = torch.bfloat16\n";
      expect(guardOfFirst(code)).toBeNull(); // actual: { name: "msg" }
    });

    // BUG 8 (regression in the same change): in a chained assignment only the innermost target is learned,
    // because enclosingAssignmentValue stops at the nearest assignment; the committed version learned both.
    it("learns every target of a chained assignment", () => {
      const code = "a = b = torch.cuda.is_bf16_supported()\nif a:\n    x = torch.bfloat16\n";
      expect(guardOfFirst(code)?.name).toBe("a"); // actual: null
    });

    // BUG 2: a comment inside a conditional expression is a named child, so `namedChildrenOf(parent)[1]` picks
    // the comment as the condition and the real check is ignored.
    it("finds the condition of a conditional expression that contains a comment", () => {
      const code = "dtype = (torch.float16 if  # Ampere or newer\n         torch.cuda.is_bf16_supported() else torch.bfloat16)\n";
      expect(guardOfFirst(code)?.name).toBe("is_bf16_supported"); // actual: null
    });

    // BUG 3 (design): "major" as a base check name makes any `.major` a hardware check, e.g. a torch *version*
    // check. `major, minor = get_device_capability()` is already covered by derived names, and
    // `get_device_properties(0).major` by `get_device_properties`.
    it("does not count a torch version check as a hardware guard", () => {
      const code = "if version.parse(torch.__version__).major >= 2:\n    dtype = torch.bfloat16\n";
      expect(guardOfFirst(code)).toBeNull(); // actual: { name: "major" }
    });
  });

  describe("calls.ts removeArgumentEdit (cosmetic: output is valid Python, but with stray whitespace)", () => {
    const remove = (text: string, name: string): string => {
      const root = p.parse(text);
      const call = root.descendantsOfType("call").find((c) => c && keywordArgument(c, name))!;
      return applyEdits(text, [removeArgumentEdit(text, keywordArgument(call, name)!)]);
    };

    // BUG 4: the last argument with a trailing comma on one line leaves "a, )".
    it("removes a last inline argument that has a trailing comma without leaving a space", () => {
      expect(remove("f(a, b=1,)\n", "b")).toBe("f(a,)\n"); // actual: "f(a, )\n"
    });

    // BUG 5: the last argument of a line, when the next argument is on a later line, leaves trailing spaces.
    it("leaves no trailing whitespace when the next argument is on a later line", () => {
      expect(remove("f(a, b=1,\n  c=2)\n", "b")).toBe("f(a,\n  c=2)\n"); // actual: "f(a, \n  c=2)\n"
    });

    // BUG 6: lone "\r" line endings (which LineIndex and Python both accept) are not seen as line ends, so
    // an argument alone on its line leaves a whitespace-only line behind.
    it("removes the whole line of an argument alone on its line with lone \\r endings", () => {
      expect(remove("f(\r    a,\r    b=1,\r    c=2,\r)\r", "b")).toBe("f(\r    a,\r    c=2,\r)\r");
      // actual: "f(\r    a,\r    \r    c=2,\r)\r"
    });
  });
});
