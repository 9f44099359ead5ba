import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { processPython } from "@gpu-compat/engine";
import { loadPythonParser, type Backend, type PythonParser } from "@gpu-compat/python";
import { findRule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";
import { pythonSyntaxErrors } from "../../../test/python-oracle.js";
import { FIXTURE_TARGETS, fixtureCases } from "./fixtures.js";

// UPDATE_FIXTURES=1 writes the expected files from the current output, for review with `git diff`.
const update = process.env.UPDATE_FIXTURES === "1";
const cases = fixtureCases();
const parsers = new Map<Backend, PythonParser>();

beforeAll(async () => {
  parsers.set("native", await loadPythonParser({ backend: "native" }));
  parsers.set("wasm", await loadPythonParser({ backend: "wasm" }));
});

function run(backend: Backend, ruleId: string, input: string, targetName: string) {
  const rule = findRule(ruleId);
  if (!rule) throw new Error(`fixture folder for unknown rule ${ruleId}`);
  const target = resolveTarget(targetName);
  return processPython(parsers.get(backend)!, "case.py", input, { target, rules: rule.appliesTo(target) ? [rule] : [], mode: "fix" });
}

describe.each(cases)("$rule / $name", (fixture) => {
  const input = readFileSync(fixture.inputPath, "utf8");

  it.each(FIXTURE_TARGETS)("on %s matches the expected output byte for byte", (targetName) => {
    const outcome = run("native", fixture.rule, input, targetName);
    const output = outcome.fixed ?? input;
    expect(outcome.diagnostics).toEqual([]);
    if (fixture.negative || !findRule(fixture.rule)!.appliesTo(resolveTarget(targetName))) {
      expect(outcome.findings).toEqual([]);
      expect(output).toBe(input);
      return;
    }
    expect(outcome.findings.length).toBeGreaterThan(0);
    if (fixture.hintOnly) {
      expect(output).toBe(input);
      expect(outcome.findings.every((f) => !f.fixable)).toBe(true);
      return;
    }
    const expectedPath = fixture.expectedPath(targetName);
    if (update) writeFileSync(expectedPath, output);
    expect(existsSync(expectedPath), `missing ${expectedPath}`).toBe(true);
    expect(output).toBe(readFileSync(expectedPath, "utf8"));
  });

  it("gives the same findings and output with the WebAssembly parser", () => {
    for (const targetName of FIXTURE_TARGETS) {
      const native = run("native", fixture.rule, input, targetName);
      const wasm = run("wasm", fixture.rule, input, targetName);
      expect(wasm).toEqual(native);
    }
  });

  it("is settled: fixing the fixed output changes nothing", () => {
    for (const targetName of FIXTURE_TARGETS) {
      const once = run("native", fixture.rule, input, targetName).fixed ?? input;
      const twice = run("native", fixture.rule, once, targetName);
      expect(twice.fixed).toBeUndefined();
      expect(twice.findings.filter((f) => f.fixable)).toEqual([]);
    }
  });
});

describe("fixture files", () => {
  it("every input and expected output is valid Python to python3", () => {
    const paths = cases.flatMap((c) => [c.inputPath, ...FIXTURE_TARGETS.map((t) => c.expectedPath(t)).filter((p) => existsSync(p))]);
    expect(pythonSyntaxErrors(paths)).toEqual([]);
  });
});
