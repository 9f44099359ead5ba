// A child of `pnpm bench`: reads the files listed (one absolute path a line) in the file named by argv[2] and parses
// each once with the native tree-sitter Python grammar, on this thread, as gpu-compat's parser loads it; a
// notebook's code cells are parsed as the one Python text the engine checks. Prints how many files it parsed.
import { readFileSync } from "node:fs";
import { loadPythonParser, notebookCode } from "../../packages/python/dist/index.js";

const paths = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const parser = await loadPythonParser({ backend: "native" });
let parsed = 0;
for (const path of paths) {
  const text = readFileSync(path, "utf8");
  const python = path.endsWith(".ipynb") ? notebookCode(text)?.python : text;
  if (python === undefined) continue;
  parser.parse(python).dispose();
  parsed++;
}
process.stdout.write(`${parsed}\n`);
