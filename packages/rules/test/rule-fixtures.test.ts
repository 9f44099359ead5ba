import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adapterFor, createProjectFacts, kindOfPath, loadParsers, processDocument, type FileOutcome, type Parsers } from "@gpu-compat/engine";
import { notebookCode, notebookFromCells, parseNotebook, type Backend } from "@gpu-compat/python";
import { findRule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pythonSyntaxErrors } from "../../../test/python-oracle.js";
import { fixtureCases, fixtureTargetsOf, FIXTURES_DIR, isExtraFixtureTarget, type FixtureCase } from "./fixtures.js";
import { joinSnapshots, renderCaseSnapshot, splitSnapshots } from "./snapshot.js";

// UPDATE_FIXTURES=1 rewrites each rule's snapshot file (`<rule>/<rule>.snap`) from the current output, for review
// with `git diff`. Without it, a case whose section differs or is missing fails.
const update = process.env.UPDATE_FIXTURES === "1";
const cases = fixtureCases();
const parsers = new Map<Backend, Parsers>();

beforeAll(async () => {
  parsers.set("native", await loadParsers("native"));
  parsers.set("wasm", await loadParsers("wasm"));
});

function run(backend: Backend, fixture: FixtureCase, input: string, targetName: string): FileOutcome {
  const rule = findRule(fixture.rule);
  if (!rule) throw new Error(`fixture folder for unknown rule ${fixture.rule}`);
  const kind = kindOfPath(fixture.virtualPath);
  if (!kind) throw new Error(`fixture ${fixture.inputPath}: no file kind reads ${fixture.virtualPath}`);
  const target = resolveTarget(targetName);
  const loaded = parsers.get(backend)!;
  const adapter = adapterFor(kind, loaded);
  // `<case>.project/` beside the input holds the other files of the case's repository (the script a launch runs).
  const project = fixture.projectDir ? { project: createProjectFacts(fixture.projectDir, () => loaded.python) } : {};
  return processDocument(adapter, fixture.virtualPath, input, { target, rules: rule.appliesTo(target) ? [rule] : [], mode: "fix", ...project });
}

/** Each rule's snapshot file, split into its cases' sections, read once. */
const stored = new Map<string, Map<string, string>>();
function snapshotsOf(path: string): Map<string, string> {
  if (!stored.has(path)) stored.set(path, existsSync(path) ? splitSnapshots(readFileSync(path, "utf8")) : new Map());
  return stored.get(path)!;
}

/** UPDATE_FIXTURES=1: the sections rendered in this run, by input path. */
const rendered = new Map<string, string>();

// Rewrite each rule's snapshot file: the sections rendered in this run replace the stored ones, and sections of
// cases that are gone are dropped. A run filtered to some cases keeps the other cases' sections as they were.
afterAll(() => {
  if (!update) return;
  for (const path of new Set(cases.map((c) => c.snapshotPath))) {
    const old = snapshotsOf(path);
    const sections = new Map<string, string>();
    for (const c of cases.filter((c) => c.snapshotPath === path)) {
      const text = rendered.get(c.inputPath) ?? old.get(c.file);
      if (text !== undefined) sections.set(c.file, text);
    }
    const text = joinSnapshots(sections);
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) writeFileSync(path, text);
  }
});

/** The native parser's outcome of each case on each target, computed once. */
const outcomes = new Map<string, FileOutcome>();
function native(fixture: FixtureCase, input: string, targetName: string): FileOutcome {
  const key = `${fixture.inputPath}\0${targetName}`;
  if (!outcomes.has(key)) outcomes.set(key, run("native", fixture, input, targetName));
  return outcomes.get(key)!;
}

describe.each(cases)("$rule / $name ($virtualPath)", (fixture) => {
  const input = readFileSync(fixture.inputPath, "utf8");
  const rule = findRule(fixture.rule)!;
  const targets = fixtureTargetsOf(rule);

  it.each(targets)("on %s keeps the case's conventions", (targetName) => {
    const outcome = native(fixture, input, targetName);
    const output = outcome.fixed ?? input;
    expect(outcome.diagnostics).toEqual([]);
    if (fixture.negative || !rule.appliesTo(resolveTarget(targetName))) {
      expect(outcome.findings).toEqual([]);
      expect(output).toBe(input);
      return;
    }
    // A rule that decides from the numbers (no `lacks`) may find nothing where the target's GPUs are big enough
    // (a 7B model on an A100); its snapshot says so. So may a case on a rule's extra targets (a pin Volta still meets).
    if (rule.lacks !== undefined && !isExtraFixtureTarget(rule, targetName)) expect(outcome.findings.length).toBeGreaterThan(0);
    if (fixture.hintOnly) {
      expect(output).toBe(input);
      expect(outcome.findings.every((f) => !f.fixable)).toBe(true);
    }
  });

  it("matches its snapshot: the findings and the fix on every target", () => {
    const snapshot = renderCaseSnapshot(
      fixture.file,
      fixture.virtualPath,
      input,
      targets.map((target) => {
        const outcome = native(fixture, input, target);
        return { target, findings: outcome.findings, output: outcome.fixed ?? input };
      }),
    );
    if (update) {
      rendered.set(fixture.inputPath, snapshot);
      return;
    }
    const saved = snapshotsOf(fixture.snapshotPath).get(fixture.file);
    expect(saved, `no section for ${fixture.file} in ${fixture.snapshotPath}: run UPDATE_FIXTURES=1 and review it`).toBeDefined();
    expect(snapshot).toBe(saved);
  });

  it("gives the same findings and output with the WebAssembly parser", () => {
    for (const targetName of targets) {
      const wasm = run("wasm", fixture, input, targetName);
      expect(wasm).toEqual(native(fixture, input, targetName));
    }
  });

  it("is settled: fixing the fixed output changes nothing", () => {
    for (const targetName of targets) {
      const once = native(fixture, input, targetName).fixed ?? input;
      const twice = run("native", fixture, once, targetName);
      expect(twice.fixed).toBeUndefined();
      expect(twice.findings.filter((f) => f.fixable)).toEqual([]);
    }
  });
});

describe("fixture files", () => {
  it("every Python input and fixed output is valid Python to python3", () => {
    const dir = mkdtempSync(join(tmpdir(), "gpu-compat-fixtures-"));
    try {
      const paths = cases
        .filter((c) => c.virtualPath.endsWith(".py"))
        .flatMap((c) => {
          const input = readFileSync(c.inputPath, "utf8");
          const fixed = fixtureTargetsOf(findRule(c.rule)!).flatMap((target) => {
            const output = native(c, input, target).fixed;
            if (output === undefined) return [];
            const path = join(dir, c.rule, `${c.name}.${target}.py`);
            mkdirSync(join(dir, c.rule), { recursive: true });
            writeFileSync(path, output);
            return [path];
          });
          return [c.inputPath, ...fixed];
        });
      expect(pythonSyntaxErrors(paths)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The fixed notebooks were samples of packages/python's notebook test when they were files; it reads the inputs.
  it("every fixed notebook gives notebookCode the code, shell texts and cells of the full parse", () => {
    const fixed = cases
      .filter((c) => c.virtualPath.endsWith(".ipynb"))
      .flatMap((c) => {
        const input = readFileSync(c.inputPath, "utf8");
        return fixtureTargetsOf(findRule(c.rule)!).flatMap((target) => native(c, input, target).fixed ?? []);
      });
    expect(fixed.length).toBeGreaterThan(0);
    for (const text of fixed) {
      const parsed = parseNotebook(text);
      if ("error" in parsed) throw new Error(parsed.error);
      const code = notebookCode(text)!;
      expect(code).toMatchObject({ python: parsed.notebook.python, shell: parsed.notebook.shell.map((snippet) => snippet.text) });
      // The cells handed to the checking thread build the same notebook.
      const rebuilt = notebookFromCells(text, code.cells);
      expect([rebuilt.python, rebuilt.code, rebuilt.shell, rebuilt.cells]).toEqual([parsed.notebook.python, parsed.notebook.code, parsed.notebook.shell, parsed.notebook.cells]);
    }
  });

  it("holds only inputs and their snapshots", () => {
    const known = new Set(cases.flatMap((c) => [c.inputPath, c.snapshotPath, ...(c.projectDir ? [c.projectDir] : [])]));
    const stray = readdirSync(FIXTURES_DIR).flatMap((rule) =>
      readdirSync(FIXTURES_DIR + rule)
        .map((file) => `${FIXTURES_DIR}${rule}/${file}`)
        .filter((path) => !known.has(path)),
    );
    expect(stray).toEqual([]);
  });
});
