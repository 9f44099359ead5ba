import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { adapterFor, kindOfPath, loadParsers, processDocument, type Parsers } from "@gpu-compat/engine";
import type { Backend } from "@gpu-compat/python";
import { findRule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";
import { pythonSyntaxErrors } from "../../../test/python-oracle.js";
import { fixtureCases, fixtureTargetsOf, type FixtureCase } from "./fixtures.js";

// UPDATE_FIXTURES=1 writes the expected files from the current output, for review with `git diff`.
const update = process.env.UPDATE_FIXTURES === "1";
const cases = fixtureCases();
const parsers = new Map<Backend, Parsers>();

beforeAll(async () => {
  parsers.set("native", await loadParsers("native"));
  parsers.set("wasm", await loadParsers("wasm"));
});

function run(backend: Backend, fixture: FixtureCase, input: string, targetName: string) {
  const rule = findRule(fixture.rule);
  if (!rule) throw new Error(`fixture folder for unknown rule ${fixture.rule}`);
  const kind = kindOfPath(fixture.virtualPath);
  if (!kind) throw new Error(`fixture ${fixture.inputPath}: no file kind reads ${fixture.virtualPath}`);
  const target = resolveTarget(targetName);
  const adapter = adapterFor(kind, parsers.get(backend)!);
  return processDocument(adapter, fixture.virtualPath, input, { target, rules: rule.appliesTo(target) ? [rule] : [], mode: "fix" });
}

describe.each(cases)("$rule / $name ($virtualPath)", (fixture) => {
  const input = readFileSync(fixture.inputPath, "utf8");
  const targets = fixtureTargetsOf(findRule(fixture.rule)!);

  it.each(targets)("on %s matches the expected output byte for byte", (targetName) => {
    const outcome = run("native", fixture, input, targetName);
    const output = outcome.fixed ?? input;
    expect(outcome.diagnostics).toEqual([]);
    if (fixture.negative || !findRule(fixture.rule)!.appliesTo(resolveTarget(targetName))) {
      expect(outcome.findings).toEqual([]);
      expect(output).toBe(input);
      return;
    }
    // A rule that decides from the numbers (no `lacks`) may find nothing where the target's GPUs are big enough
    // (a 7B model on an A100); its expected file, identical to the input, says so.
    if (findRule(fixture.rule)!.lacks !== undefined) expect(outcome.findings.length).toBeGreaterThan(0);
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
    for (const targetName of targets) {
      const native = run("native", fixture, input, targetName);
      const wasm = run("wasm", fixture, input, targetName);
      expect(wasm).toEqual(native);
    }
  });

  it("is settled: fixing the fixed output changes nothing", () => {
    for (const targetName of targets) {
      const once = run("native", fixture, input, targetName).fixed ?? input;
      const twice = run("native", fixture, once, targetName);
      expect(twice.fixed).toBeUndefined();
      expect(twice.findings.filter((f) => f.fixable)).toEqual([]);
    }
  });
});

describe("fixture files", () => {
  it("every Python input and expected output is valid Python to python3", () => {
    const paths = cases
      .filter((c) => c.virtualPath.endsWith(".py"))
      .flatMap((c) => [c.inputPath, ...fixtureTargetsOf(findRule(c.rule)!).map((t) => c.expectedPath(t)).filter((p) => existsSync(p))]);
    expect(pythonSyntaxErrors(paths)).toEqual([]);
  });
});
