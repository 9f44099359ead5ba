import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runProject } from "@gpu-compat/engine";
import { allRules, docsUrl, ruleDocs } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { renderSarif, SARIF_SCHEMA_URI } from "../src/index.js";
import { runOf, sampleRun } from "./factories.js";
import { sarifSchemaErrors } from "./sarif-schema.js";

// Just enough of SARIF's shape for the assertions below.
interface Location {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region?: Record<string, number> };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Location[];
  properties: Record<string, unknown>;
}
interface Descriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  helpUri?: string;
  help?: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties?: { tags: string[] };
}
interface Notification {
  level: string;
  message: { text: string };
  locations: Location[];
  descriptor: { id: string };
}
interface Run {
  tool: { driver: { name: string; version: string; informationUri: string; rules: Descriptor[] } };
  automationDetails: { id: string };
  invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Notification[] }>;
  originalUriBaseIds?: Record<string, { uri: string }>;
  columnKind: string;
  results: Result[];
}

function parse(text: string): { $schema: string; version: string; runs: Run[] } {
  return JSON.parse(text);
}

const SAMPLE_REPO = fileURLToPath(new URL("../../../fixtures/kaggle-llm-finetune", import.meta.url));
const NOTEBOOK_REPO = fileURLToPath(new URL("../../../fixtures/kaggle-multiformat", import.meta.url));

describe("renderSarif: the SARIF 2.1.0 JSON schema", () => {
  it("accepts the output for every kind of finding, diagnostics and skipped files, in check and fix mode", () => {
    for (const mode of ["check", "fix"] as const) {
      const document = parse(renderSarif(sampleRun({ mode }), { version: "1.2.3", pathPrefix: "sub dir", srcRoot: "/work/repo" }));
      expect(sarifSchemaErrors(document)).toEqual([]);
    }
  });

  it("accepts the output of real runs: a Python sample on every target it is checked for, and a notebook sample", async () => {
    for (const [root, target] of [[SAMPLE_REPO, "t4"], [SAMPLE_REPO, "p100"], [NOTEBOOK_REPO, "kaggle-t4x2"]] as const) {
      const result = await runProject({ root, target: resolveTarget(target), mode: "check" });
      expect(result.summary.findings).toBeGreaterThan(0);
      const document = parse(renderSarif(result));
      expect(sarifSchemaErrors(document), `${root} on ${target}`).toEqual([]);
      expect(document.runs[0]!.results.length).toBe(result.summary.findings);
    }
  });

  it("accepts a run with nothing to report", () => {
    expect(sarifSchemaErrors(parse(renderSarif(runOf([]))))).toEqual([]);
  });

  it("is a live check: it rejects what SARIF does not allow", () => {
    const document = parse(renderSarif(sampleRun()));
    const run = document.runs[0]!;
    run.results[0]!.level = "info"; // SARIF's levels are none, note, warning, error
    (run.results[1]!.locations[0]!.physicalLocation.region as Record<string, number>).startLine = 0; // lines start at 1
    delete (run.tool.driver as Partial<Run["tool"]["driver"]>).name;
    const errors = sarifSchemaErrors(document);
    expect(errors.some((e) => e.startsWith("/runs/0/results/0/level"))).toBe(true);
    expect(errors.some((e) => e.startsWith("/runs/0/results/1/locations/0/physicalLocation/region/startLine"))).toBe(true);
    expect(errors.some((e) => e.includes("'name'"))).toBe(true);
    expect(sarifSchemaErrors({ version: "2.0.0", runs: [] })).not.toEqual([]);
  });
});

describe("renderSarif: the log and its run", () => {
  const document = parse(renderSarif(sampleRun(), { version: "1.2.3" }));
  const run = document.runs[0]!;

  it("is one run of gpu-compat, with the schema GitHub documents, columns in UTF-16 code units", () => {
    expect(document.$schema).toBe(SARIF_SCHEMA_URI);
    expect(document.version).toBe("2.1.0");
    expect(document.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: "gpu-compat", version: "1.2.3", informationUri: "https://github.com/gpu-compat/gpu-compat" });
    expect(run.columnKind).toBe("utf16CodeUnits");
    expect(run.automationDetails.id).toBe("gpu-compat/kaggle-t4x2/");
    expect(run.originalUriBaseIds).toBeUndefined();
  });

  it("names the directory %SRCROOT% stands for when told, as a file URI ending in a slash", () => {
    const withRoot = parse(renderSarif(sampleRun(), { srcRoot: "/home/me/my repo" })).runs[0]!;
    expect(withRoot.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///home/me/my%20repo/" } });
  });

  it("depends only on the run: the same findings in another order give the same bytes", () => {
    const result = sampleRun();
    const shuffled = { ...result, files: [...result.files].reverse().map((f) => ({ ...f, findings: [...f.findings].reverse() })) };
    expect(renderSarif(shuffled)).toBe(renderSarif(result));
  });
});

describe("renderSarif: rules", () => {
  const rules = parse(renderSarif(sampleRun())).runs[0]!.tool.driver.rules;

  it("describes every rule of the registry, in its order, then rules only findings name", () => {
    expect(rules.map((r) => r.id)).toEqual([...allRules.map((r) => r.id), "some-future-rule"]);
    expect(rules.at(-1)).toEqual({ id: "some-future-rule", name: "SomeFutureRule", shortDescription: { text: "some-future-rule" }, defaultConfiguration: { level: "note" } });
  });

  it("gives each rule its title, docs link, docs as help, level and category", () => {
    for (const rule of allRules) {
      const descriptor = rules.find((r) => r.id === rule.id)!;
      expect(descriptor.shortDescription.text).toBe(rule.title);
      expect(descriptor.helpUri).toBe(docsUrl(rule.id));
      expect(descriptor.defaultConfiguration.level).toBe({ error: "error", warning: "warning", info: "note" }[rule.severity]);
      expect(descriptor.properties?.tags).toEqual([rule.category]);
      expect(descriptor.fullDescription!.text.length).toBeGreaterThan(20);
      expect(descriptor.fullDescription!.text.length).toBeLessThanOrEqual(1024); // GitHub's limit
      const docs = ruleDocs[rule.id];
      if (docs) {
        expect(descriptor.help!.text).toBe(docs);
        expect(descriptor.help!.markdown).toContain(docs.trimEnd());
        expect(descriptor.help!.markdown).toContain(`(${docsUrl(rule.id)})`);
      }
    }
  });

  it("takes the full description from the docs' Why: the first paragraph and the error it leads into, in plain text", () => {
    const flash = rules.find((r) => r.id === "flash-attention-2")!;
    expect(flash.name).toBe("FlashAttention2");
    expect(flash.fullDescription!.text).toMatch(/^FlashAttention-2's kernels are built for Ampere and newer\..*attn_implementation="flash_attention_2" fails at its first forward pass: RuntimeError: FlashAttention only supports Ampere GPUs or newer\.$/);
    expect(flash.fullDescription!.text).not.toContain("`");
  });
});

describe("renderSarif: results", () => {
  const run = parse(renderSarif(sampleRun({ mode: "fix" }), { pathPrefix: "ml" })).runs[0]!;
  const result = (ruleId: string) => run.results.find((r) => r.ruleId === ruleId)!;

  it("one per finding, sorted by path and position, each pointing at its rule", () => {
    expect(run.results.map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri} ${r.ruleId}`)).toEqual([
      "ml/configs/ds.yaml deepspeed-bf16",
      "ml/lib/new.py some-future-rule",
      "ml/notebooks/fine%20tune.ipynb flash-attention-2",
      "ml/train.py tf32",
      "ml/train.py trainer-bf16",
      "ml/train.py batch-size",
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it("keeps the finding's severity as its level, info as note", () => {
    expect([result("trainer-bf16").level, result("batch-size").level, result("tf32").level]).toEqual(["error", "warning", "note"]);
  });

  it("locates the finding relative to %SRCROOT% with its 1-based region, end column exclusive", () => {
    expect(result("batch-size").locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "ml/train.py", uriBaseId: "%SRCROOT%" },
          region: { startLine: 20, startColumn: 5, endLine: 22, endColumn: 6 },
        },
      },
    ]);
  });

  it("puts the hint under the message, and keeps the message's own text", () => {
    expect(result("tf32").message.text).toBe("message of tf32\nHint: Nothing breaks.\nKeep it for Ampere.");
    expect(result("batch-size").message.text).toBe("100% of 15 GiB, then more: it does not fit");
  });

  it("says in its properties whether a fix exists, whether it was applied, and the config key", () => {
    expect(result("trainer-bf16").properties).toEqual({ fixable: true, applied: false });
    expect(result("tf32").properties).toEqual({ fixable: false, applied: false });
    expect(result("deepspeed-bf16").properties).toEqual({ fixable: true, applied: false, keyPath: "bf16.enabled" });
    const check = parse(renderSarif(sampleRun())).runs[0]!;
    expect(check.results.find((r) => r.ruleId === "trainer-bf16")!.properties).toEqual({ fixable: true });
  });

  it("gives a notebook finding the file, and its cell and position in the message and properties: no region", () => {
    const notebook = result("flash-attention-2");
    expect(notebook.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: "ml/notebooks/fine%20tune.ipynb", uriBaseId: "%SRCROOT%" } });
    expect(notebook.message.text).toBe("cell 3, line 4, column 30: message of flash-attention-2");
    expect(notebook.properties).toMatchObject({ cell: 3, cellLine: 4, cellColumn: 30, cellEndLine: 4, cellEndColumn: 49 });
  });
});

describe("renderSarif: files gpu-compat could not handle or skipped", () => {
  it("become notifications of the invocation: errors and notes, located at the file", () => {
    const invocation = parse(renderSarif(sampleRun())).runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: "error",
        message: { text: "syntax error at line 2, column 5" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "broken.py", uriBaseId: "%SRCROOT%" } } }],
        descriptor: { id: "syntax-error" },
      },
      {
        level: "note",
        message: { text: "skipped: 20.0 MiB, above the 16 MiB gpu-compat reads as source" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "data/big.json", uriBaseId: "%SRCROOT%" } } }],
        descriptor: { id: "skipped-too-large" },
      },
    ]);
  });

  it("are left out when there are none", () => {
    expect(parse(renderSarif(runOf([]))).runs[0]!.invocations).toEqual([{ executionSuccessful: true }]);
  });
});
