import { parse } from "yaml";
import type { ScalarStyle } from "./tree.js";
import { YAML_OPTIONS } from "./yaml-tree.js";

export type ScalarValue = string | number | boolean | null;

/**
 * The text of a scalar in the document's own style: a JSON literal in JSON; in YAML, a string keeps the quotes
 * of the scalar it replaces (a plain one stays plain when it reads back as the same string, else it gets single
 * quotes: `no` would load as a boolean), and booleans, numbers and null are written bare.
 */
export function formatScalar(value: ScalarValue, style: ScalarStyle, inFlow: boolean): string | undefined {
  if (typeof value === "number" && !Number.isFinite(value)) return undefined;
  if (style === "json") return JSON.stringify(value);
  if (typeof value !== "string") return value === null ? "null" : String(value);
  if (value.includes("\n") || value.includes("\r")) return undefined;
  switch (style) {
    case "double":
      return JSON.stringify(value);
    case "single":
      return singleQuoted(value);
    case "plain":
      return isPlainSafe(value, inFlow) ? value : singleQuoted(value);
    case "block":
      return undefined;
  }
}

function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A string that, written without quotes, loads back (with PyYAML's YAML 1.1 rules) as the same string. */
function isPlainSafe(value: string, inFlow: boolean): boolean {
  if (value === "" || value.trim() !== value) return false;
  if (inFlow && /[,[\]{}]/.test(value)) return false;
  try {
    return parse(value, YAML_OPTIONS) === value;
  } catch {
    return false;
  }
}
