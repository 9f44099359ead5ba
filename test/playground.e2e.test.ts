// The browser playground as a person uses it: `gpu-compat playground` serves it from localhost, Debian's Chromium
// opens it, a bf16 training script is pasted, t4 picked; the page must list what the CLI finds on the same file,
// show the same diff, and come back from its URL (the fragment holds the state). The screenshot is kept in
// test-artifacts/playground.png.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { artifactPath, launchChromium, noBrowser, type OpenBrowser } from "./browser.js";
import { CLI, cli } from "./cli-helpers.js";

const SCRIPT = `import torch
from flash_attn import flash_attn_func
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

model = AutoModelForCausalLM.from_pretrained("gpt2", torch_dtype=torch.bfloat16)
args = TrainingArguments(output_dir="out", per_device_train_batch_size=8, bf16=True)
Trainer(model=model, args=args).train()
`;

/** Each edit is checked after a short pause, on a machine the other tests keep busy. */
const SLOW = { timeout: 20_000 };

if (noBrowser) console.warn(`test/playground.e2e.test.ts skipped: ${noBrowser}`);

/** Starts `gpu-compat playground --port 0` and resolves with the URL it prints. */
function startPlayground(): Promise<{ server: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const server = spawn(process.execPath, [CLI, "playground", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(output)?.[0];
      if (url) resolve({ server, url });
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.once("error", reject);
    server.once("exit", (code) => reject(new Error(`gpu-compat playground exited (${code}) before printing its URL:\n${output}`)));
  });
}

describe.skipIf(noBrowser !== undefined)("gpu-compat playground in Chromium", () => {
  let server: ChildProcess | undefined;
  let url = "";
  let chromium: OpenBrowser | undefined;

  beforeAll(async () => {
    ({ server, url } = await startPlayground());
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    server?.kill("SIGTERM");
  });

  /** The rule ids listed, in order. */
  const listedRules = (page: Page) => page.locator("#findings li .rule").allTextContents();

  it("shows the findings and the diff of a pasted bf16 training script on t4, and a link to them", async () => {
    const page = await chromium!.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);
    await page.locator("body[data-ready=true]").waitFor();

    await page.getByLabel("File name").fill("train.py");
    await page.getByLabel("Target GPU or platform").selectOption("t4");
    await page.getByLabel("Source").fill(SCRIPT);
    await expect.poll(() => page.locator("#summary").textContent(), SLOW).toMatch(/^3 findings for t4 /);
    expect(await page.locator("#file-kind").textContent()).toBe("Python");

    // What the CLI finds in the same file, the page lists: the same engine, on web-tree-sitter.
    const json = JSON.parse(cli(["check", "-", "--stdin-filename", "train.py", "--target", "t4", "--output-format", "json"], { input: SCRIPT }).stdout) as { findings: Array<{ rule: string }> };
    expect(await listedRules(page)).toEqual(json.findings.map((f) => f.rule));
    expect(await page.locator("#summary").textContent()).toContain("2 fixed, 1 step left for you");
    const flashAttn = page.locator("#findings li", { hasText: "flash-attn-package" });
    expect(await flashAttn.getAttribute("data-status")).toBe("hint");
    expect(await flashAttn.locator(".hint").textContent()).toMatch(/^To do: /);

    const diff = page.locator("pre.diff");
    expect(await diff.isVisible()).toBe(true);
    expect(await diff.textContent()).toBe(cli(["check", "-", "--stdin-filename", "train.py", "--target", "t4", "--diff"], { input: SCRIPT }).stdout);
    expect(await diff.locator(".line-add").allTextContents()).toContain('+args = TrainingArguments(output_dir="out", per_device_train_batch_size=8, fp16=True)\n');

    await page.screenshot({ path: artifactPath("playground.png"), fullPage: true });
    expect(errors).toEqual([]);

    // The URL now holds the file, its name and the target: a fresh page opened on it shows the same.
    await expect.poll(() => new URL(page.url()).hash, SLOW).toMatch(/^#v1\.z\./);
    const shared = page.url();
    const again = await chromium!.context.newPage();
    await again.goto(shared);
    await again.locator("body[data-ready=true]").waitFor();
    expect(await again.getByLabel("File name").inputValue()).toBe("train.py");
    expect(await again.getByLabel("Target GPU or platform").inputValue()).toBe("t4");
    expect(await again.getByLabel("Source").inputValue()).toBe(SCRIPT);
    expect(await listedRules(again)).toEqual(await listedRules(page));
    await page.reload();
    await page.locator("body[data-ready=true]").waitFor();
    expect(await page.getByLabel("Source").inputValue()).toBe(SCRIPT);
  });

  it("reads notebooks and shell scripts as the CLI does: the same findings, the same changes", async () => {
    const notebook = JSON.stringify(
      {
        cells: [
          { cell_type: "markdown", metadata: {}, source: ["# Fine-tune"] },
          { cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: ["!pip install -q transformers\n", "import torch\n", "x = torch.ones(2, dtype=torch.bfloat16)\n"] },
        ],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    );
    const page = await chromium!.context.newPage();
    await page.goto(url);
    await page.locator("body[data-ready=true]").waitFor();
    for (const [name, source, where] of [
      ["train.ipynb", `${notebook}\n`, "cell 2, line 3, column 25"],
      ["scripts/run.sh", "accelerate launch --mixed_precision bf16 train.py\n", "line 1, column 19"],
    ] as const) {
      const args = ["-", "--stdin-filename", name, "--target", "t4"];
      const json = JSON.parse(cli(["check", ...args, "--output-format", "json"], { input: source }).stdout) as { findings: Array<{ rule: string }> };
      expect(json.findings.length).toBeGreaterThan(0);
      await page.getByLabel("File name").fill(name);
      await page.getByLabel("Target GPU or platform").selectOption("t4");
      await page.getByLabel("Source").fill(source);
      await expect.poll(() => listedRules(page), SLOW).toEqual(json.findings.map((f) => f.rule));
      expect(await page.locator("#findings li .where").first().textContent()).toBe(where);
      if (name.endsWith(".sh")) {
        expect(await page.locator(".diff-title").count()).toBe(0);
        expect(await page.locator("pre.diff").textContent()).toBe(cli(["check", ...args, "--diff"], { input: source }).stdout);
        continue;
      }
      // A notebook's change is shown per cell, as the report shows it: the cell's Python, not the JSON around it.
      expect(await page.locator("#diffs .diff-title").allTextContents()).toEqual(["cell 2"]);
      const cell = page.locator("#diffs pre.diff");
      expect(await cell.count()).toBe(1);
      expect(await cell.getAttribute("aria-label")).toBe("Diff of cell 2");
      expect(await cell.locator(".line-del").allTextContents()).toEqual(["-x = torch.ones(2, dtype=torch.bfloat16)\n"]);
      expect(await cell.locator(".line-add").allTextContents()).toEqual(["+x = torch.ones(2, dtype=torch.float32)\n"]);
      expect(await cell.locator(".line-context").allTextContents()).toEqual([" !pip install -q transformers\n", " import torch\n"]);
      const shown = (await cell.textContent()) ?? "";
      expect(shown).not.toContain('"source":');
      expect(shown).not.toContain("\\n");
      expect(shown).not.toMatch(/^(---|\+\+\+) /m);
    }
  });

  it("reads the kind of file from its name: a YAML training config, then a name it does not read", async () => {
    const page = await chromium!.context.newPage();
    await page.goto(url);
    await page.locator("body[data-ready=true]").waitFor();
    await page.getByLabel("File name").fill("train_config.yaml");
    await page.getByLabel("Target GPU or platform").selectOption("kaggle-t4x2");
    await page.getByLabel("Source").fill("model_name_or_path: gpt2\nbf16: true\noutput_dir: out\n");
    await expect.poll(() => page.locator("#file-kind").textContent(), SLOW).toBe("YAML config");
    await expect.poll(() => listedRules(page), SLOW).toContain("trainer-bf16");
    expect(await page.locator("pre.diff").textContent()).toContain("+fp16: true\n");

    await page.getByLabel("File name").fill("notes.txt");
    await expect.poll(() => page.locator("#summary").textContent(), SLOW).toContain("not a kind of file gpu-compat reads");
    expect(await page.locator("#findings li").count()).toBe(0);
    expect(await page.locator("#diff-section").isHidden()).toBe(true);
  });
});
