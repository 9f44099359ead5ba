import { readFileSync } from "node:fs";
import { adapterFor, kindOfPath, loadParsers, processDocument } from "@gpu-compat/engine";
import { allRules, ruleDocs, triggersFor, type FileKind, type KindCheck } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { describe, expect, it } from "vitest";
import { fixtureCases, fixtureTargetsOf } from "./fixtures.js";

const cases = fixtureCases();
const DOC_SECTIONS = ["## Why", "## What it rewrites", "## When it stays silent", "## Fix safety", "## Hardware fact"];

describe.each(allRules)("rule $id", (rule) => {
  it("has a kebab-case id, a title and trigger literals", () => {
    expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.triggers.length).toBeGreaterThan(0);
  });

  it("reads at least one kind of file, each with its check (none where the engine reports it) and trigger literals", () => {
    const kinds = Object.entries(rule.checks) as [FileKind, KindCheck<FileKind>][];
    expect(kinds.length).toBeGreaterThan(0);
    for (const [kind, check] of kinds) {
      expect(typeof check.run, kind).toBe(rule.reportedByEngine ? "undefined" : "function");
      expect(triggersFor(rule, kind).length, kind).toBeGreaterThan(0);
    }
  });

  it("has docs with every section", () => {
    const docs = ruleDocs[rule.id];
    expect(docs, `packages/rules/docs/${rule.id}.md`).toBeDefined();
    for (const section of DOC_SECTIONS) expect(docs).toContain(section);
  });

  it("has a docs header that says its title, category, severity and fixability as its metadata does", () => {
    // The header paragraph, under the `# id` line: "**title** · category · severity (note) · fix: fixable".
    const header = ruleDocs[rule.id]!.split("\n\n")[1]!.replace(/\n/g, " ");
    const [head, tail] = [`**${rule.title}** · ${rule.category} · ${rule.severity}`, ` · fix: ${rule.fixable}`];
    expect(header.startsWith(head) && header.endsWith(tail), header).toBe(true);
    // Between them, at most a note on the severity: "warning (error when the model alone does not fit)".
    expect(header.slice(head.length, header.length - tail.length)).toMatch(/^( \(.*\))?$/);
  });

  it("has positive fixtures and at least three negative cases", () => {
    const own = cases.filter((c) => c.rule === rule.id);
    expect(own.filter((c) => !c.negative).length).toBeGreaterThan(0);
    expect(own.filter((c) => c.negative).length).toBeGreaterThanOrEqual(3);
  });

  it("produces fixes and hints as its declared fixability says", async () => {
    const parsers = await loadParsers();
    const findings = cases
      .filter((c) => c.rule === rule.id)
      .flatMap((c) =>
        fixtureTargetsOf(rule).map((t) => resolveTarget(t))
          .filter((target) => rule.appliesTo(target))
          .flatMap(
            (target) =>
              processDocument(adapterFor(kindOfPath(c.virtualPath)!, parsers), c.virtualPath, readFileSync(c.inputPath, "utf8"), {
                target,
                rules: [rule],
                mode: "check",
              }).findings,
          ),
      );
    const fixes = findings.filter((f) => f.fixable).length;
    const hints = findings.length - fixes;
    if (rule.fixable === "always") expect(hints).toBe(0);
    if (rule.fixable === "never") expect(fixes).toBe(0);
    if (rule.fixable === "sometimes") expect(fixes > 0 && hints > 0).toBe(true);
    if (rule.fixable !== "never") expect(fixes).toBeGreaterThan(0);
  });
});

describe("the registry", () => {
  it("has unique ids and a fixture folder only for known rules", () => {
    const ids = allRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of cases) expect(ids).toContain(c.rule);
  });

  it("has docs only for known rules", () => {
    for (const id of Object.keys(ruleDocs)) expect(allRules.map((r) => r.id)).toContain(id);
  });
});
