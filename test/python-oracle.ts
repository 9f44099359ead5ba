import { execFileSync } from "node:child_process";

/**
 * Parses each file with the real Python (`ast.parse`) in one python3 process and returns the files that fail,
 * with the error. python3 is the oracle that a rewrite left valid Python.
 */
export function pythonSyntaxErrors(paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const script = [
    "import ast, json, sys",
    "bad = []",
    "for path in json.load(sys.stdin):",
    "    try:",
    "        with open(path, 'rb') as f: ast.parse(f.read(), path)",
    "    except SyntaxError as e:",
    "        bad.append(f'{path}: {e}')",
    "print(json.dumps(bad))",
  ].join("\n");
  const out = execFileSync("python3", ["-c", script], { input: JSON.stringify(paths), encoding: "utf8" });
  return JSON.parse(out) as string[];
}
