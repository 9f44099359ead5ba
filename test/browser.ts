// Debian's Chromium, headless, driven by playwright-core (which downloads no browser of its own): the browser
// end-to-end tests (test/*.e2e.test.ts that load a page) open pages through this. `.ci/run` installs the `chromium`
// package where it is missing; elsewhere those tests are skipped, saying why.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { REPO_ROOT } from "./cli-helpers.js";

export const CHROMIUM = "/usr/bin/chromium";

/** Why the browser tests cannot run here, or undefined when they can. */
export const noBrowser: string | undefined = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium; .ci/run does) to run the browser tests`;

/** Where the tests leave what a person would look at (screenshots); gitignored. */
export const ARTIFACTS = join(REPO_ROOT, "test-artifacts");

export interface OpenBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile (a new --user-data-dir, which playwright takes as launchPersistentContext's
 * folder), no network of its own (no sync, component updates or QUIC) and no GPU.
 */
export async function launchChromium(): Promise<OpenBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "gpu-compat-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
