// Lint: ESLint's and typescript-eslint's recommended rules, nothing else (no formatting rules: the code's layout is
// not checked). `pnpm lint` runs it; `pnpm test` runs it before the tests.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    ignores: ["**/dist/**", "**/node_modules/**", "packages/rules/src/docs.generated.ts", "fixtures/**", "packages/rules/fixtures/**", "coverage/**"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Everything here runs on Node (scripts, bin, tests): its globals, for the .js/.mjs files (TypeScript checks the rest).
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      // `{ fix: _dropped, ...rest }` and `_`-named parameters are the code's way to leave something out.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
);
