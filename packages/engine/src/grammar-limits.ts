import { spawnSync } from "node:child_process";
import type { Diagnostic, SkippedFile } from "./model.js";

/**
 * tree-sitter-python rejects some valid Python (`return None, *(None,) * 2`: a starred operand of a binary
 * operator in a tuple). Before such a file is reported as broken, the Python on the machine is asked: a file
 * `ast.parse` reads is valid Python the grammar cannot read, so it is skipped with a note, not reported as a syntax
 * error. One python3 process answers for all of a run's files; without python3 the diagnostics stay.
 */
export function separateGrammarLimits(diagnostics: Diagnostic[], texts: ReadonlyMap<string, string>): SkippedFile[] {
  const asked = diagnostics.filter((d) => d.kind === "syntax-error" && d.path.endsWith(".py") && texts.has(d.path));
  if (asked.length === 0) return [];
  const valid = validPython(asked.map((d) => texts.get(d.path)!));
  if (!valid) return [];
  const skipped: SkippedFile[] = [];
  asked.forEach((diagnostic, i) => {
    if (!valid[i]) return;
    diagnostics.splice(diagnostics.indexOf(diagnostic), 1);
    const where = diagnostic.start ? ` at line ${diagnostic.start.line}, column ${diagnostic.start.column}` : "";
    skipped.push({
      path: diagnostic.path,
      reason: "parser-limit",
      message: `not checked: valid Python (python3 reads it) that gpu-compat's parser, tree-sitter-python, cannot read${where}; the file was left as it is.`,
    });
  });
  return skipped;
}

const SCRIPT = [
  "import ast, json, sys, warnings",
  "warnings.simplefilter('ignore')",
  "answers = []",
  "for text in json.load(sys.stdin):",
  "    try:",
  "        ast.parse(text)",
  "        answers.append(True)",
  "    except (SyntaxError, ValueError):",
  "        answers.append(False)",
  "print(json.dumps(answers))",
].join("\n");

/** Whether python3's `ast.parse` reads each text; undefined when python3 cannot be run. */
function validPython(texts: readonly string[]): boolean[] | undefined {
  // -I -S: no site packages or user environment to load (a third of python3's start-up); ast and json are stdlib.
  const result = spawnSync("python3", ["-I", "-S", "-c", SCRIPT], { input: JSON.stringify(texts), encoding: "utf8", timeout: 30_000, maxBuffer: 1 << 20 });
  if (result.status !== 0 || typeof result.stdout !== "string") return undefined;
  try {
    const answers = JSON.parse(result.stdout) as unknown;
    return Array.isArray(answers) && answers.length === texts.length ? (answers as boolean[]) : undefined;
  } catch {
    return undefined;
  }
}
