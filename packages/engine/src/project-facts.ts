import { existsSync, readFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import type { ModelConfig, ProjectFacts } from "@gpu-compat/rules";

/** For runs on a single text (tests, the jscodeshift entry): nothing is known outside it. */
export const NO_PROJECT_FACTS: ProjectFacts = { modelConfig: () => undefined };

/**
 * Reads what rules ask about the repository: a model directory's `config.json`, for models the repo stores
 * itself. Only paths inside the root are read, each once.
 */
export function createProjectFacts(root: string): ProjectFacts {
  const configs = new Map<string, ModelConfig | undefined>();
  return {
    modelConfig(modelPath) {
      const dir = resolve(root, modelPath);
      if (dir !== root && !dir.startsWith(root + sep)) return undefined;
      if (!configs.has(dir)) configs.set(dir, readConfig(resolve(dir, "config.json")));
      return configs.get(dir);
    },
  };
}

function readConfig(path: string): ModelConfig | undefined {
  // Most strings asked about name no folder: checking costs less than the error a failed read throws.
  if (!existsSync(path)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    return parsed && typeof parsed === "object" ? (parsed as ModelConfig) : undefined;
  } catch {
    return undefined; // No config there, or not JSON: the size stays unknown.
  }
}
