import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The root package does not depend on the workspace packages (npm, which pre-commit uses to install this repo,
    // does not know `workspace:*`): tests reach them at their build output, as the packages' own imports do.
    alias: [{ find: /^@gpu-compat\/([a-z-]+)$/, replacement: fileURLToPath(new URL("./packages/$1/dist/index.js", import.meta.url)) }],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
