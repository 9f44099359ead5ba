// The HTML report as a person opens it: `gpu-compat fix --report report.html` on the Kaggle fine-tuning sample,
// loaded from localhost in Debian's Chromium. The page must say first whether the repo runs now (#verdict), list
// what is left to do by hand (#still-to-do), show the diffs (pre.diff), and load nothing from the network. The
// screenshots are kept in test-artifacts/: html-report.png (the first screen), html-report-full.png. Skipped where
// the CLI writes no HTML report yet.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactPath, launchChromium, noBrowser, type OpenBrowser } from "./browser.js";
import { cli, copyFixture, tempDir } from "./cli-helpers.js";

/** Whether `--report x.html` writes an HTML page (rather than Markdown under that name): asked of a one-file repo. */
function htmlReportWritten(): boolean {
  const repo = tempDir("gpu-compat-html-probe-");
  writeFileSync(join(repo, "train.py"), "import torch\nx = torch.ones(2, dtype=torch.bfloat16)\n");
  const report = join(tempDir("gpu-compat-html-probe-"), "probe.html");
  cli(["fix", repo, "--target", "t4", "--report", report]);
  return existsSync(report) && /^\s*<!doctype html/i.test(readFileSync(report, "utf8"));
}

const htmlReportSupported = htmlReportWritten();
if (!htmlReportSupported) console.warn("test/html-report.e2e.test.ts skipped: `gpu-compat fix --report x.html` writes no HTML page in this build");
else if (noBrowser) console.warn(`test/html-report.e2e.test.ts skipped: ${noBrowser}`);

/** Serves one file at `/report.html` from 127.0.0.1. */
function serve(file: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.url !== "/report.html") return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/report.html` })));
}

describe.skipIf(!htmlReportSupported || noBrowser !== undefined)("the HTML report in Chromium", () => {
  let server: Server | undefined;
  let url = "";
  let chromium: OpenBrowser | undefined;

  beforeAll(async () => {
    const repo = copyFixture("kaggle-llm-finetune");
    const report = join(tempDir("gpu-compat-html-report-"), "report.html");
    const run = cli(["fix", repo, "--target", "kaggle-t4x2", "--report", report]);
    expect(run.status, run.stderr).not.toBe(2);
    ({ server, url } = await serve(report));
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("says whether the repo runs now, lists what is left to do, shows the diffs, and loads nothing else", async () => {
    const page = await chromium!.context.newPage();
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);

    const h1 = page.locator("h1");
    expect(await h1.count()).toBe(1);
    expect((await h1.textContent())?.trim()).not.toBe("");
    const verdict = page.locator("#verdict");
    expect(await verdict.isVisible()).toBe(true);
    expect((await verdict.textContent())?.trim()).toMatch(/\w/);
    // The sample keeps hints (the TF32 lines in train.py): the checklist has them, each with its place.
    const todo = page.locator("#still-to-do li");
    expect(await todo.count()).toBeGreaterThan(0);
    expect(await page.locator("#still-to-do").textContent()).toContain("train.py");
    const diff = page.locator("pre.diff").first();
    expect(await diff.isVisible()).toBe(true);
    expect(await page.locator("pre.diff").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("bfloat16")]));

    // What a person sees first (the README's picture), and the whole page.
    await page.screenshot({ path: artifactPath("html-report.png") });
    await page.screenshot({ path: artifactPath("html-report-full.png"), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests.filter((request) => request !== url && !request.startsWith("data:"))).toEqual([]);
  });
});
