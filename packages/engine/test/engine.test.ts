import { chmodSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { discoverFiles, MAX_CONFIG_BYTES, MAX_FILE_BYTES, processPython, runProject } from "@gpu-compat/engine";
import { loadPythonParser, type PythonParser } from "@gpu-compat/python";
import type { Rule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";
import { writeTree } from "./tree.js";

const t4 = resolveTarget("t4");
let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const makeTree = (files: Record<string, string | Buffer>) => writeTree(files, "gpu-compat-engine-");

/** A rule for engine tests: reports every occurrence of `word` with the fix the test gives. */
function wordRule(id: string, word: string, fix: (start: number, end: number) => { start: number; end: number; text: string }[] | undefined): Rule {
  return {
    id,
    title: `test rule ${id}`,
    category: "precision",
    severity: "warning",
    fixable: "always",
    lacks: "bf16",
    appliesWhen: "always",
    appliesTo: () => true,
    triggers: [word],
    checks: {
      python: {
        run(context) {
          for (const node of context.source.occurrences(word)) {
            if (node.type !== "identifier") continue;
            const edits = fix(node.startIndex, node.endIndex);
            context.report({ start: node.startIndex, end: node.endIndex, message: `found ${word}`, ...(edits ? { fix: edits } : {}) });
          }
        },
      },
    },
  };
}

describe("discoverFiles", () => {
  it("honours .gitignore files at every level, default excludes, virtualenvs and --exclude globs", () => {
    const root = makeTree({
      ".gitignore": "outputs/\n*.generated.py\n",
      "train.py": "",
      "outputs/ckpt.py": "",
      "model.generated.py": "",
      "pkg/.gitignore": "local_*.py\n",
      "pkg/local_notes.py": "",
      "pkg/model.py": "",
      "node_modules/x/y.py": "",
      "__pycache__/a.py": "",
      "build/lib/a.py": "",
      "myenv/pyvenv.cfg": "home = /usr/bin\n",
      "myenv/lib/site.py": "",
      "tests/test_model.py": "",
      "notes.txt": "",
      "scripts/run_test.py": "",
    });
    const found = discoverFiles(root, { exclude: ["tests/**", "*_test.py"] }).files.map((f) => f.path);
    expect(found).toEqual(["pkg/model.py", "train.py"]);
  });

  it("does not follow symbolic links that lead outside the root, and reads linked files through their real path", () => {
    const outside = makeTree({ "secret.py": "x = 1\n" });
    const root = makeTree({ "a.py": "" });
    symlinkSync(join(outside, "secret.py"), join(root, "escape.py"));
    symlinkSync(outside, join(root, "outside_dir"));
    symlinkSync(join(root, "a.py"), join(root, "alias.py"));
    const found = discoverFiles(root).files;
    expect(found.map((f) => f.path)).toEqual(["a.py"]);
  });

  it("accepts a single file as the root", () => {
    const root = makeTree({ "one.py": "" });
    expect(discoverFiles(join(root, "one.py")).files.map((f) => f.path)).toEqual(["one.py"]);
  });

  it("reads listed paths (pre-commit's file list) exactly when the whole walk would", () => {
    const root = makeTree({
      ".gitignore": "outputs/\n",
      "train.py": "",
      "outputs/ckpt.py": "",
      "pkg/.gitignore": "local_*.py\n",
      "pkg/local_notes.py": "",
      "pkg/deep/model.py": "",
      "pkg/deep/other.py": "",
      "build/lib/a.py": "",
      "tests/test_model.py": "",
      "notes.txt": "",
      "conf/a.yaml": "",
    });
    const listed = ["train.py", "outputs/ckpt.py", "pkg/local_notes.py", "pkg/deep/model.py", "build/lib/a.py", "tests/test_model.py", "notes.txt", "conf", "train.py"];
    const found = discoverFiles(root, { exclude: ["tests/**"], only: listed.map((path) => join(root, path)) });
    expect(found.files.map((f) => f.path)).toEqual(["conf/a.yaml", "pkg/deep/model.py", "train.py"]);
    expect(found.problems).toEqual([]);
    const missing = discoverFiles(root, { only: [join(root, "gone.py"), join(root, "..", "elsewhere.py")] });
    expect(missing.files).toEqual([]);
    expect(missing.problems.map((p) => p.message)).toEqual([expect.stringContaining("cannot read"), "not inside the checked root; skipped"]);
  });
});

describe("processPython fix passes", () => {
  it("holds back a fix marked unsafe unless the policy allows unsafe fixes, and says what it would cost", () => {
    const safe = wordRule("safe", "alpha", (s, e) => [{ start: s, end: e, text: "beta" }]);
    const costly = wordRule("costly", "gamma", (s, e) => [{ start: s, end: e, text: "delta" }]);
    const unsafe: Rule = {
      ...costly,
      checks: {
        python: {
          run(context) {
            costly.checks.python!.run!({ ...context, report: (finding) => context.report({ ...finding, unsafeFix: "delta takes twice the memory" }) });
          },
        },
      },
    };
    const text = "x = alpha\ny = gamma\n";
    const held = processPython(parser, "f.py", text, { target: t4, rules: [safe, unsafe], mode: "fix" });
    expect(held.fixed).toBe("x = beta\ny = gamma\n");
    expect(held.findings.map((f) => [f.rule, f.applied, f.unsafeFix])).toEqual([
      ["safe", true, undefined],
      ["costly", false, "delta takes twice the memory"],
    ]);
    const allowed = processPython(parser, "f.py", text, { target: t4, rules: [safe, unsafe], mode: "fix", fixes: { unsafe: true } });
    expect(allowed.fixed).toBe("x = beta\ny = delta\n");
    expect(allowed.findings.map((f) => [f.rule, f.applied])).toEqual([
      ["safe", true],
      ["costly", true],
    ]);
  });

  it("applies overlapping fixes over two passes and marks both applied", () => {
    const rename = wordRule("rename", "alpha", (s, e) => [{ start: s, end: e, text: "beta" }]);
    // Rewrites the whole statement `x = alpha` (or `x = beta`): its range contains rename's range.
    const statement: Rule = {
      ...rename,
      id: "statement",
      triggers: ["x = "],
      checks: {
        python: {
          run(context) {
            const at = context.source.text.indexOf("x = ");
            if (at !== -1) context.report({ start: at, end: at + 9, message: "statement", fix: [{ start: at, end: at + 1, text: "y" }] });
          },
        },
      },
    };
    const outcome = processPython(parser, "f.py", "x = alpha\n", { target: t4, rules: [statement, rename], mode: "fix" });
    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.findings.map((f) => [f.rule, f.applied])).toEqual([
      ["statement", true],
      ["rename", true],
    ]);
    expect(outcome.fixed).toBe("y = beta\n");
  });

  it("drops a fix that would break the syntax, with a diagnostic, and keeps the good ones", () => {
    const breaking = wordRule("breaks", "gamma", (s, e) => [{ start: s, end: e, text: "(" }]);
    const good = wordRule("good", "alpha", (s, e) => [{ start: s, end: e, text: "beta" }]);
    const outcome = processPython(parser, "f.py", "x = gamma\ny = alpha\n", { target: t4, rules: [breaking, good], mode: "fix" });
    expect(outcome.fixed).toBe("x = gamma\ny = beta\n");
    expect(outcome.diagnostics).toEqual([expect.objectContaining({ kind: "invalid-fix", message: expect.stringContaining("breaks fix at line 1") })]);
    expect(outcome.findings.find((f) => f.rule === "breaks")?.applied).toBe(false);
    expect(outcome.findings.find((f) => f.rule === "good")?.applied).toBe(true);
  });

  it("gives up with a diagnostic, changing nothing, when fixes never settle", () => {
    // Each pass puts one more space before `alpha`, so there is always one more fix.
    const grows = wordRule("grows", "alpha", (s) => [{ start: s, end: s, text: " " }]);
    const outcome = processPython(parser, "f.py", "x = alpha\n", { target: t4, rules: [grows], mode: "fix", maxPasses: 3 });
    expect(outcome.fixed).toBeUndefined();
    expect(outcome.diagnostics).toEqual([expect.objectContaining({ kind: "unsettled" })]);
    expect(outcome.findings.every((f) => !f.applied)).toBe(true);
  });

  it("reports a syntax error with its position and checks nothing else", () => {
    const rule = wordRule("r", "alpha", (s, e) => [{ start: s, end: e, text: "beta" }]);
    const outcome = processPython(parser, "f.py", "alpha = 1\ndef (:\n", { target: t4, rules: [rule], mode: "fix" });
    expect(outcome.findings).toEqual([]);
    expect(outcome.fixed).toBeUndefined();
    expect(outcome.diagnostics[0]).toMatchObject({ kind: "syntax-error", message: "syntax error; the file was not checked or changed.", start: { line: 2 } });
  });

  it("honours `# gpu-compat: ignore` and `# gpu-compat: ignore[rule]` on the line", () => {
    const rule = wordRule("r", "alpha", (s, e) => [{ start: s, end: e, text: "beta" }]);
    const text = "a = alpha  # gpu-compat: ignore\nb = alpha  # gpu-compat: ignore[other, r]\nc = alpha  # gpu-compat: ignore[other]\n";
    const outcome = processPython(parser, "f.py", text, { target: t4, rules: [rule], mode: "fix" });
    expect(outcome.findings.map((f) => f.start.line)).toEqual([3]);
    expect(outcome.fixed).toBe(text.replace("c = alpha", "c = beta"));
  });

  it("in check mode reports fixability without applying anything", () => {
    const rule = wordRule("r", "alpha", (s, e) => [{ start: s, end: e, text: "beta" }]);
    const outcome = processPython(parser, "f.py", "x = alpha\n", { target: t4, rules: [rule], mode: "check" });
    expect(outcome.fixed).toBeUndefined();
    expect(outcome.findings).toEqual([
      { rule: "r", path: "f.py", start: { line: 1, column: 5 }, end: { line: 1, column: 10 }, severity: "warning", message: "found alpha", fixable: true, sourceLine: "x = alpha", edits: [{ start: { line: 1, column: 5 }, end: { line: 1, column: 10 }, content: "beta" }] },
    ]);
  });
});

describe("runProject", () => {
  const BF16 = "import torch\nx = torch.zeros(2, dtype=torch.bfloat16)\n";

  it("keeps CRLF line endings, a UTF-8 BOM and the file mode", async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const root = makeTree({
      "crlf.py": BF16.replace(/\n/g, "\r\n"),
      "bom.py": Buffer.concat([bom, Buffer.from(`# café\n${BF16}`)]),
    });
    chmodSync(join(root, "crlf.py"), 0o750);
    const result = await runProject({ root, target: t4, mode: "fix" });
    expect(result.diagnostics).toEqual([]);
    expect(readFileSync(join(root, "crlf.py"), "utf8")).toBe(BF16.replace("bfloat16", "float32").replace(/\n/g, "\r\n"));
    expect(statSync(join(root, "crlf.py")).mode & 0o777).toBe(0o750);
    const bomBytes = readFileSync(join(root, "bom.py"));
    expect(bomBytes.subarray(0, 3).equals(bom)).toBe(true);
    expect(bomBytes.subarray(3).toString("utf8")).toBe(`# café\n${BF16.replace("bfloat16", "float32")}`);
  });

  it("parses only files that contain a trigger literal", async () => {
    const root = makeTree({ "a.py": BF16, "b.py": "print('hello')\n", "c.py": "import os\n" });
    const result = await runProject({ root, target: t4, mode: "check" });
    expect(result.summary.filesDiscovered).toBe(3);
    expect(result.summary.filesParsed).toBe(1);
    expect(result.summary.findings).toBe(1);
  });

  it("gives the same result on worker threads as inline", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`m${String(i).padStart(2, "0")}.py`] = i % 3 === 0 ? "print(1)\n" : BF16 + `y${i} = ${i}\n`;
    const inline = await runProject({ root: makeTree(files), target: t4, mode: "fix", dryRun: true, workers: 1 });
    const pooled = await runProject({ root: makeTree(files), target: t4, mode: "fix", dryRun: true, workers: 2 });
    const strip = (r: typeof inline) => r.files.map((f) => ({ path: f.path, findings: f.findings, fixed: f.fixed }));
    expect(strip(pooled)).toEqual(strip(inline));
    expect(inline.summary.fixed).toBe(26);
    // By default (few files: no workers) every file is processed on this thread.
    const progress: [number, number, string][] = [];
    const auto = await runProject({ root: makeTree(files), target: t4, mode: "fix", dryRun: true, onProgress: (done, total, phase) => progress.push([done, total, phase]) });
    expect(strip(auto)).toEqual(strip(inline));
    // Every file read (counted before it is), then every file that needed parsing processed.
    expect(progress[0]).toEqual([0, 40, "read"]);
    expect(progress.filter(([, , phase]) => phase === "read").at(-1)).toEqual([39, 40, "read"]);
    expect(progress.at(-1)).toEqual([26, 26, "parse"]);
  });

  it("with dryRun computes the fixes but writes nothing", async () => {
    const root = makeTree({ "a.py": BF16 });
    const result = await runProject({ root, target: t4, mode: "fix", dryRun: true });
    expect(result.files[0]?.fixed).toContain("float32");
    expect(result.files[0]?.written).toBe(false);
    expect(readFileSync(join(root, "a.py"), "utf8")).toBe(BF16);
  });

  it("with paths rewrites only the listed files, reporting them relative to the root", async () => {
    const root = makeTree({ "a.py": BF16, "sub/b.py": BF16, "sub/c.py": BF16 });
    const result = await runProject({ root, paths: ["sub/b.py", join(root, "a.py")], target: t4, mode: "fix" });
    expect(result.files.map((f) => [f.path, f.written])).toEqual([
      ["a.py", true],
      ["sub/b.py", true],
    ]);
    expect(readFileSync(join(root, "sub/c.py"), "utf8")).toBe(BF16);
  });

  it("changes nothing on an Ampere target", async () => {
    const root = makeTree({ "a.py": BF16 });
    const result = await runProject({ root, target: resolveTarget("a100"), mode: "fix" });
    expect(result.summary.findings).toBe(0);
    expect(result.summary.filesParsed).toBe(0);
    expect(readFileSync(join(root, "a.py"), "utf8")).toBe(BF16);
  });

  it("skips binary and very large files with a note, leaving them as they are", async () => {
    const binary = Buffer.concat([Buffer.from("import torch\nx = torch.bfloat16\n"), Buffer.from([0, 1, 2])]);
    const huge = `import torch\nx = torch.bfloat16\n# ${"x".repeat(MAX_FILE_BYTES)}\n`;
    // A JSON or YAML file above 1 MiB is data, not a config.
    const data = `{"bf16": {"enabled": true}, "pad": "${"x".repeat(MAX_CONFIG_BYTES)}"}`;
    const root = makeTree({ "a.py": BF16, "blob.py": binary, "generated.py": huge, "data/train.json": data, "ds_config.json": '{"bf16": {"enabled": true}, "train_batch_size": 8}' });
    const result = await runProject({ root, target: t4, mode: "fix" });
    expect(result.skipped).toEqual([
      { path: "blob.py", reason: "binary", message: expect.stringContaining("binary") },
      { path: "data/train.json", reason: "too-large", message: expect.stringMatching(/^skipped: 1\.0 MiB, more than a config holds \(1 MiB\)/) },
      { path: "generated.py", reason: "too-large", message: expect.stringMatching(/^skipped: 16\.0 MiB, above the 16 MiB/) },
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(readFileSync(join(root, "blob.py")).equals(binary)).toBe(true);
    expect(result.files.map((f) => f.path)).toEqual(["a.py", "ds_config.json"]);
  });

  it("reports tests and conversion utilities as hints, never fixing them, inline and on worker threads", async () => {
    const files: Record<string, string> = { "train.py": BF16, "tests/test_model.py": BF16, "tools/convert_to_hf.py": BF16, "src/merge_lora.py": BF16 };
    for (const workers of [1, 2]) {
      const root = makeTree(files);
      const result = await runProject({ root, target: t4, mode: "fix", workers });
      const byPath = Object.fromEntries(result.files.map((f) => [f.path, f]));
      expect(byPath["train.py"]!.written).toBe(true);
      for (const path of ["tests/test_model.py", "tools/convert_to_hf.py", "src/merge_lora.py"]) {
        expect(readFileSync(join(root, path), "utf8")).toBe(BF16);
        const [finding] = byPath[path]!.findings;
        expect(finding).toMatchObject({ severity: "info", fixable: false });
        expect(finding!.message).not.toContain("instead");
        expect(finding!.hint).toMatch(/^Not rewritten: it is a (test|checkpoint conversion, merge or export utility)/);
        expect(finding!.hint).toContain("The fix would change `bfloat16` to `float32`.");
      }
    }
  });

  it("reports a rule's own hints in a test as info too, with their words", async () => {
    // A cast in a function named for bf16 is a hint wherever it is (bf16-dtype); in a test it comes as info.
    const named = "import torch\n\n\ndef test_forward_bfloat16(model):\n    return model(torch.zeros(1, dtype=torch.bfloat16))\n";
    const result = await runProject({ root: makeTree({ "tests/test_model.py": named, "train.py": named }), target: t4, mode: "check", workers: 1 });
    const byPath = Object.fromEntries(result.files.map((f) => [f.path, f.findings[0]!]));
    expect(byPath["train.py"]).toMatchObject({ severity: "warning", fixable: false });
    expect(byPath["tests/test_model.py"]).toMatchObject({ severity: "info", fixable: false, hint: byPath["train.py"]!.hint });
  });

  it("fixes every file when the hint-only list is empty, and only the listed ones are hints otherwise", async () => {
    const root = makeTree({ "tests/test_model.py": BF16, "notebooks/a.py": BF16 });
    const all = await runProject({ root, target: t4, mode: "fix", dryRun: true, hintOnly: [] });
    expect(all.files.every((f) => f.fixed !== undefined)).toBe(true);
    const listed = await runProject({ root, target: t4, mode: "fix", dryRun: true, hintOnly: [{ pattern: "notebooks/**", base: root, why: "it is listed" }] });
    expect(listed.files.map((f) => [f.path, f.fixed !== undefined, f.findings[0]?.hint?.slice(0, 30)])).toEqual([
      ["notebooks/a.py", false, "Not rewritten: it is listed. T"],
      ["tests/test_model.py", true, undefined],
    ]);
  });

  it("sizes a model load by the id its callers in other modules pass", async () => {
    const modeling = "import torch\nfrom transformers import AutoModelForCausalLM\n\n\ndef load_base_model(model_id):\n    return AutoModelForCausalLM.from_pretrained(model_id, torch_dtype=torch.bfloat16)\n";
    const absolute = 'from src.modeling import load_base_model\nMODEL_ID = "Qwen/Qwen2.5-7B-Instruct"\nmodel = load_base_model(MODEL_ID)\n';
    const relative = 'from .modeling import load_base_model as load\nmodel = load("gpt2")\n';
    const fixedLoad = async (files: Record<string, string>) => {
      const result = await runProject({ root: makeTree(files), target: t4, mode: "fix", dryRun: true, workers: 1 });
      const file = result.files.find((f) => f.path === "src/modeling.py")!;
      return { fixed: file.fixed, finding: file.findings[0]! };
    };
    const big = await fixedLoad({ "src/__init__.py": "", "src/modeling.py": modeling, "train.py": absolute });
    expect(big.fixed).toContain("torch_dtype=torch.float16");
    expect(big.finding.message).toContain("Qwen/Qwen2.5-7B-Instruct (7B parameters");
    const small = await fixedLoad({ "src/__init__.py": "", "src/modeling.py": modeling, "src/train.py": relative });
    expect(small.fixed).toContain("torch_dtype=torch.float32");
    // Callers that disagree leave the size unknown: a hint, no edit.
    const both = await fixedLoad({ "src/__init__.py": "", "src/modeling.py": modeling, "train.py": absolute, "src/train.py": relative });
    expect(both.fixed).toBeUndefined();
    expect(both.finding.hint).toContain("The model's size is unknown here");
  });

  it("turns --bf16 off instead of renaming it when the launched script's own argparse has no --fp16", async () => {
    const launch = "#!/bin/bash\npython train.py --lr 1e-4 --bf16\n";
    const argparseScript = (options: string) => `import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument("--lr")\n${options}args = parser.parse_args()\n`;
    const fixedLaunch = async (script: string) => {
      const result = await runProject({ root: makeTree({ "scripts/train.sh": launch, "scripts/train.py": script }), target: t4, mode: "fix", dryRun: true, workers: 1 });
      return result.files.find((f) => f.path === "scripts/train.sh")!.fixed;
    };
    expect(await fixedLaunch(argparseScript('parser.add_argument("--bf16", action="store_true")\n'))).toBe("#!/bin/bash\npython train.py --lr 1e-4\n");
    const withFp16 = argparseScript('parser.add_argument("--bf16", action="store_true")\nparser.add_argument("--fp16", action="store_true")\n');
    expect(await fixedLaunch(withFp16)).toBe("#!/bin/bash\npython train.py --lr 1e-4 --fp16\n");
    const hf = "from transformers import HfArgumentParser, TrainingArguments\n(args,) = HfArgumentParser(TrainingArguments).parse_args_into_dataclasses()\n";
    expect(await fixedLaunch(hf)).toBe("#!/bin/bash\npython train.py --lr 1e-4 --fp16\n");
  });
});

describe("valid Python the grammar cannot read", () => {
  it("is skipped with a note, not reported broken, when python3 reads it; a real syntax error stays a diagnostic", async () => {
    const limit = "import torch\nx = torch.bfloat16\n\n\ndef f(a):\n    return None, *(None,) * 2\n";
    const broken = "import torch\nx = (torch.bfloat16\n";
    const root = makeTree({ "limit.py": limit, "broken.py": broken });
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "fix" });
    expect(result.diagnostics.map((d) => [d.path, d.kind])).toEqual([["broken.py", "syntax-error"]]);
    expect(result.skipped).toEqual([expect.objectContaining({ path: "limit.py", reason: "parser-limit", message: expect.stringMatching(/^not checked: valid Python \(python3 reads it\)/) })]);
    expect(readFileSync(join(root, "limit.py"), "utf8")).toBe(limit);
  });
});
