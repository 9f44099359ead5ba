import { scriptView } from "@gpu-compat/shell";
import { describe, expect, it } from "vitest";

describe("scriptView", () => {
  it.each([
    ["python a.py \\\n  --x 1 \\", "python a.py \\\n  --x 1  "],
    ["python a.py \\\n", "python a.py  \n"],
    ["python a.py \\\r\n", "python a.py  \r\n"],
    ["\\", " "],
  ])("reads a final continuation backslash as a space: %j", (text, view) => {
    expect(scriptView(text)).toBe(view);
  });

  it.each([["echo a\\\\"], ["echo a\\\\\n"], ["echo a\\ "], ["echo \\\nb\n"], [""]])("leaves %j as it is", (text) => {
    expect(scriptView(text)).toBe(text);
  });
});
