// Lint: ESLint's and typescript-eslint's recommended rules, nothing else (no formatting rules: the code's layout is
// not checked). `pnpm lint` runs it; `pnpm test` runs it after the tests.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["**/dist/**", "**/node_modules/**", "packages/rules/src/docs.generated.ts", "fixtures/**", "packages/rules/fixtures/**", "coverage/**"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", performance: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", structuredClone: "readonly", TextDecoder: "readonly", TextEncoder: "readonly", AbortController: "readonly", queueMicrotask: "readonly", setImmediate: "readonly" } },
  },
  {
    rules: {
      // `{ fix: _dropped, ...rest }` and `_`-named parameters are the code's way to leave something out.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
);
