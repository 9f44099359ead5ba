// The report for people, in Markdown and in HTML, from one model: verdict, "Still to do", one explanation per
// rule, memory, per-cell notebook diffs, places relative to the reader, pinned doc links, and a page that loads
// nothing and escapes everything.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FileResult, Finding } from "@gpu-compat/engine";
import { buildReport, escapeHtml, renderHtml, renderMarkdown } from "../src/index.js";
import { finding, runOf } from "./factories.js";

const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };
const DOCS = `https://github.com/gpu-compat/gpu-compat/blob/v${version}/packages/rules/docs`;

const fixed = (path: string, rule: string, line: number, extra: Partial<Finding> = {}) => finding(path, rule, line, 1, { applied: true, ...extra });
const hint = (path: string, rule: string, line: number, text: string, extra: Partial<Finding> = {}) =>
  finding(path, rule, line, 1, { fixable: false, hint: text, ...extra });

/** A fix run: two fixes, a hint (warning), a hint (info), an error whose fix was not applied. */
function fixRun() {
  return runOf(
    [
      {
        path: "train.py",
        original: "a\nb\n",
        fixed: "a\nc\n",
        findings: [
          fixed("train.py", "trainer-bf16", 2, { severity: "error" }),
          hint("train.py", "tf32", 5, "Nothing breaks.\nKeep it for Ampere.", { severity: "info" }),
          finding("train.py", "flash-attention-2", 9, 1, { severity: "error", applied: false, message: "FlashAttention-2 fails here." }),
        ],
      },
      {
        path: "src/infer.py",
        findings: [fixed("src/infer.py", "bf16-dtype", 4), hint("src/infer.py", "bf16-dtype", 8, "Use float32 if this reaches a model.")],
      },
    ],
    { mode: "fix" },
  );
}

describe("the verdict", () => {
  it("counts the steps left: hints and fixes not made, by severity", () => {
    const model = buildReport(fixRun());
    expect(model.verdict).toMatchObject({ done: false, steps: 3, headline: "3 steps left for you" });
    expect(model.verdict.detail).toBe('2 of 5 findings were fixed; what is left (1 error, 1 warning, 1 info) is under "Still to do".');
    const md = renderMarkdown(fixRun());
    expect(md.split("\n")[2]).toBe(`**3 steps left for you** on kaggle-t4x2: ${model.verdict.detail}`);
  });

  it('says "Runs after fix" when nothing is left, and counts a file that could not be read as a step', () => {
    const done = runOf([{ path: "a.py", findings: [fixed("a.py", "tf32", 1), fixed("a.py", "bf16-dtype", 2)] }], { mode: "fix" });
    expect(buildReport(done).verdict).toEqual({ done: true, steps: 0, headline: "Runs after fix", detail: "all 2 findings were fixed; nothing is left for you." });
    expect(buildReport({ ...done, dryRun: true }).verdict.detail).toBe("all 2 findings would be fixed (dry run: nothing was written yet); nothing is left for you.");
    const broken = { ...done, diagnostics: [{ path: "b.py", kind: "syntax-error" as const, message: "invalid syntax" }] };
    expect(buildReport(broken).verdict).toMatchObject({ done: false, steps: 1, headline: "1 step left for you" });
  });

  it("in check mode, counts what `gpu-compat fix` leaves", () => {
    const check = runOf([{ path: "a.py", findings: [finding("a.py", "tf32", 1, 1), hint("a.py", "tf32", 2, "Remove it.")] }]);
    expect(buildReport(check).verdict).toMatchObject({ steps: 1, detail: '`gpu-compat fix` fixes 1 of 2 findings; what is left (1 warning) is under "Still to do".' });
    const allFixable = runOf([{ path: "a.py", findings: [finding("a.py", "tf32", 1, 1)] }]);
    expect(buildReport(allFixable).verdict).toMatchObject({ done: true, headline: "Runs after `gpu-compat fix`" });
  });
});

describe("Still to do", () => {
  it("lists every hint and unapplied fix, errors first, each with its linked place, rule and one line to act on", () => {
    const md = renderMarkdown(fixRun());
    const todo = md.slice(md.indexOf("## Still to do"), md.indexOf("## Why, rule by rule")).split("\n").filter((line) => line.startsWith("- "));
    expect(todo).toEqual([
      `- [ ] [\`train.py:9\`](train.py#L9) · [\`flash-attention-2\`](${DOCS}/flash-attention-2.md) · error · The fix could not be applied; change it by hand: FlashAttention-2 fails here.`,
      `- [ ] [\`src/infer.py:8\`](src/infer.py#L8) · [\`bf16-dtype\`](${DOCS}/bf16-dtype.md) · warning · Use float32 if this reaches a model.`,
      `- [ ] [\`train.py:5\`](train.py#L5) · [\`tf32\`](${DOCS}/tf32.md) · info · Nothing breaks. Keep it for Ampere.`,
    ]);
  });

  it("names the flag for a fix held back as unsafe, and lists files that could not be checked first", () => {
    const run = runOf([{ path: "a.py", findings: [finding("a.py", "bf16-dtype", 3, 1, { applied: false, unsafeFix: "doubles the memory" })] }], {
      mode: "fix",
      diagnostics: [{ path: "b.py", kind: "syntax-error", message: "invalid syntax", start: { line: 7, column: 2 } }],
    });
    const items = buildReport(run).todo;
    expect(items.map((item) => [item.location.label, item.location.href, item.severity])).toEqual([
      ["b.py:7", "b.py#L7", "syntax-error"],
      ["a.py:3", "a.py#L3", "warning"],
    ]);
    expect(items[1]!.text).toContain("`gpu-compat fix --unsafe-fixes`");
    expect(items[1]!.text).toContain("doubles the memory");
  });

  it("says when nothing is left, and is absent when there was nothing to find", () => {
    const done = runOf([{ path: "a.py", findings: [fixed("a.py", "tf32", 1)] }], { mode: "fix" });
    expect(renderMarkdown(done)).toContain("## Still to do\n\nNothing: every finding was taken care of.\n");
    expect(renderHtml(done)).toContain('<ul id="still-to-do"></ul>');
    const clean = runOf([{ path: "a.py", findings: [] }], { mode: "fix" });
    expect(renderMarkdown(clean)).not.toContain("Still to do");
  });
});

describe("one explanation per rule", () => {
  it("keeps only what each site adds to the shared message", () => {
    const why = "This requests bfloat16, but Tesla T4 (compute capability 7.5) has no bf16 tensor cores (they need compute capability 8.0), so bf16 runs emulated and slow, or kernels refuse it";
    const run = runOf(
      [
        {
          path: "a.py",
          findings: [
            finding("a.py", "bf16-dtype", 1, 1, { fixable: false, hint: "Use float32.", message: `${why}.` }),
            fixed("a.py", "bf16-dtype", 2, { message: `${why}; using float32 instead.` }),
            fixed("a.py", "bf16-dtype", 3, { message: `${why}; using float32 instead. Qwen needs ~2.2 GiB in float32.` }),
          ],
        },
      ],
      { mode: "fix" },
    );
    const [section] = buildReport(run).rules;
    expect(section!.explanation).toBe(`${why}.`);
    expect(section!.sites.map((site) => site.note)).toEqual(["", "… using float32 instead.", "… using float32 instead. Qwen needs ~2.2 GiB in float32."]);
    const md = renderMarkdown(run);
    expect(md.split(why).length - 1).toBe(1);
  });

  it("keeps a different message whole", () => {
    const run = runOf([{ path: "a.py", findings: [fixed("a.py", "tf32", 1, { message: "Short one." }), fixed("a.py", "tf32", 2, { message: "Another reason entirely." })] }], { mode: "fix" });
    expect(buildReport(run).rules[0]!.sites.map((site) => site.note)).toEqual(["", "Another reason entirely."]);
  });
});

describe("memory", () => {
  const memory = { label: "google/gemma-2b in float32", estimateGiB: 8.9, lowGiB: 8.2, highGiB: 10, availableGiB: 15 };
  const withMemory = () =>
    runOf(
      [
        { path: "a.py", findings: [fixed("a.py", "bf16-dtype", 4, { memory }), fixed("a.py", "batch-size", 9, { memory: { label: "llama-70b in float16", estimateGiB: 140, lowGiB: 130, highGiB: 150, availableGiB: 15 } })] },
      ],
      { mode: "fix" },
    );

  it("draws one row per model load, estimate against what the target has", () => {
    const md = renderMarkdown(withMemory());
    const table = md.slice(md.indexOf("## Memory"), md.indexOf("## Why, rule by rule"));
    expect(table).toContain("| Model | Where | Estimate | Available | Share |");
    expect(table).toContain("| google/gemma-2b in float32 | [`a.py:4`](a.py#L4) | ~8.9 GiB (8.2–10 GiB) | 15 GiB | `████████████░░░░░░░░` 59% fits |");
    expect(table).toContain("| llama-70b in float16 | [`a.py:9`](a.py#L9) | ~140 GiB (130–150 GiB) | 15 GiB | `████████████████████` 933% does not fit |");
    const html = renderHtml(withMemory());
    expect(html).toContain('<table id="memory">');
    expect(html).toMatch(/<svg class="memory-bar fits"[^>]*aria-label="~8.9 GiB \(8.2–10 GiB\) of 15 GiB">/);
    expect(html).toContain('<svg class="memory-bar does-not-fit"');
  });

  it("renders nothing when no finding carries an estimate", () => {
    expect(renderMarkdown(fixRun())).not.toContain("## Memory");
    expect(renderHtml(fixRun())).not.toContain('<svg class="memory-bar');
  });
});

describe("notebook changes", () => {
  const notebook: FileResult = {
    path: "nb.ipynb",
    original: '{"cells": []}',
    fixed: '{"cells": [] }',
    cells: [
      { cell: 3, original: "import torch\nx = torch.bfloat16\n", fixed: "import torch\nx = torch.float32\n" },
      { cell: 7, original: "args = dict(bf16=True)", fixed: "args = dict(fp16=True)" },
    ],
    findings: [fixed("nb.ipynb", "bf16-dtype", 2, { start: { cell: 3, line: 2, column: 5 }, end: { cell: 3, line: 2, column: 19 } })],
  };

  it("shows each changed cell's code as its own diff, titled with the cell, never the JSON", () => {
    const md = renderMarkdown(runOf([notebook], { mode: "fix" }));
    expect(md).toContain("### `nb.ipynb`\n\n#### cell 3\n\n```diff\n@@ -1,2 +1,2 @@\n import torch\n-x = torch.bfloat16\n+x = torch.float32\n```\n\n#### cell 7\n\n```diff\n@@ -1,1 +1,1 @@\n-args = dict(bf16=True)\n+args = dict(fp16=True)\n```");
    expect(md).not.toContain('"cells"');
    const html = renderHtml(runOf([notebook], { mode: "fix" }));
    expect(html).toContain('<h4>cell 3</h4>\n<pre class="diff"><span class="hunk">@@ -1,2 +1,2 @@</span><span class="ctx"> import torch</span><span class="del">-x = torch.bfloat16</span><span class="add">+x = torch.float32</span></pre>');
  });

  it("names the cell and line of a finding, linking the notebook", () => {
    const [section] = buildReport(runOf([notebook], { mode: "fix" })).rules;
    expect(section!.sites[0]!.location).toEqual({ label: "nb.ipynb, cell 3, line 2", href: "nb.ipynb" });
  });
});

describe("places and links", () => {
  it("writes the root as given (relative to the working directory), never the absolute path of the run", () => {
    const md = renderMarkdown(fixRun(), { root: "../work/repo" });
    expect(md).toContain("- Root: `../work/repo`");
    expect(md).not.toContain("`/repo`");
    expect(renderMarkdown(fixRun())).toContain("- Root: `.`");
    expect(renderHtml(fixRun(), { root: "../work/repo" })).not.toMatch(/["> ]\/repo\b/);
  });

  it("links files relative to the report's folder, with line anchors, spaces escaped", () => {
    const run = runOf([{ path: "my dir/train.py", findings: [hint("my dir/train.py", "tf32", 5, "Remove it.")] }], { mode: "fix" });
    expect(renderMarkdown(run, { linkBase: "../repo" })).toContain("[`my dir/train.py:5`](../repo/my%20dir/train.py#L5)");
  });

  it("pins every rule's docs link to the release tag", () => {
    const md = renderMarkdown(fixRun());
    const links = [...md.matchAll(/\]\((https:[^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith(`https://github.com/gpu-compat/gpu-compat/blob/v${version}/packages/rules/docs/`)).toBe(true);
  });

  it("folds the target profile into <details>", () => {
    const md = renderMarkdown(fixRun());
    const details = md.slice(md.indexOf("<details>"), md.indexOf("</details>"));
    expect(details).toContain("<summary>Target profile: kaggle-t4x2</summary>\n\n| Property | Value |");
    expect(details).toContain("| Compute capability | 7.5 |");
    expect(md.indexOf("<details>")).toBeGreaterThan(md.indexOf("## Changes"));
  });
});

describe("the HTML page", () => {
  it("has the hooks a browser test looks for: the title, the verdict, the checklist and the diffs", () => {
    const html = renderHtml(fixRun());
    expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
    expect(html).toContain("<h1>gpu-compat report</h1>");
    expect(html).toMatch(/<p id="verdict" class="verdict todo"><strong>3 steps left for you<\/strong>/);
    expect(html).toContain('<ul id="still-to-do">');
    expect(html.match(/<li><input type="checkbox" disabled>/g)).toHaveLength(3);
    expect(html).toContain('<pre class="diff">');
    expect(html).toContain('<span class="add">+c</span>');
    expect(html).toContain('<details id="target-profile">');
  });

  it("loads nothing: no script, no external style, font or image; the only URLs are links to the docs", () => {
    const html = renderHtml(fixRun());
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    const urls = [...html.matchAll(/https?:\/\/[^"'\s<)]+/g)].map((m) => m[0]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url.startsWith(`${DOCS}/`)).toBe(true);
    const hrefs = [...html.matchAll(/<a href="https?:[^"]+"/g)].length;
    expect(hrefs).toBe(urls.length);
    expect(html).toContain("Content-Security-Policy");
  });

  it("escapes everything that comes from the repository: paths, messages, hints and code", () => {
    const evil = '<script>alert("x")</script>';
    const run = runOf(
      [
        {
          path: `a<b>&"c'.py`,
          original: `x = "${evil}"\n`,
          fixed: `x = "</pre><img src=x>"\n`,
          findings: [hint(`a<b>&"c'.py`, "tf32", 1, `Do ${evil} & \`<b>code</b>\``, { message: `Why ${evil}` })],
        },
      ],
      { mode: "fix", diagnostics: [{ path: "<i>.py", kind: "syntax-error", message: "<bad>" }] },
    );
    const html = renderHtml(run);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("<i>");
    expect(html).toContain("Do &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <code>&lt;b&gt;code&lt;/b&gt;</code>");
    expect(html).toContain("<code>a&lt;b&gt;&amp;&quot;c&#39;.py:1</code>");
    expect(html).toContain('<span class="add">+x = &quot;&lt;/pre&gt;&lt;img src=x&gt;&quot;</span>');
    expect(escapeHtml(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;&#39;");
  });

  it("shows the same content as the Markdown report", () => {
    const model = buildReport(fixRun());
    const html = renderHtml(fixRun());
    const md = renderMarkdown(fixRun());
    for (const section of ["Still to do", "Why, rule by rule", "Changes", "Summary"]) {
      expect(md).toContain(`## ${section}`);
      expect(html).toContain(`<h2>${section}</h2>`);
    }
    for (const rule of model.rules) expect(html).toContain(`id="rule-${rule.rule.id}"`);
    for (const item of model.todo) expect(html).toContain(escapeHtml(item.location.label));
  });
});
