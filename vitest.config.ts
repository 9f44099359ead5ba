import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Tests import the TypeScript sources, which vitest transpiles: `@gpu-compat/<name>` is packages/<name>/src, for
    // the tests and for the packages' imports of each other, so no `tsc` output is read and nothing goes stale. (The
    // root package does not depend on the workspace packages: npm, which pre-commit uses to install this repo, does
    // not know `workspace:*`.) End-to-end tests run the bundle, bin/gpu-compat.js.
    alias: [{ find: /^@gpu-compat\/([a-z-]+)$/, replacement: fileURLToPath(new URL("./packages/$1/src/index.ts", import.meta.url)) }],
  },
  test: {
    // Embeds packages/rules/docs/*.md into the rules' src/docs.generated.ts first, so an edited doc is what the
    // tests read without a rebuild.
    // Then test/temp-root.mjs gives the run one temporary folder, removed at its end.
    globalSetup: ["./packages/rules/scripts/embed-docs.mjs", "./test/temp-root.mjs"],
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    // Yields to the event loop after each test, so a long file of synchronous tests does not miss vitest's own
    // messages (see the file).
    setupFiles: ["./test/yield-between-tests.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
