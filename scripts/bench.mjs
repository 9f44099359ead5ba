// `pnpm bench [path]`: times `gpu-compat check` over generated Python trees of two sizes (to show it grows
// linearly) and over a real checkout when a path is given, against reading and parsing every Python file of the
// same tree once, on one thread and on as many worker threads as `check` uses. Not a test: it prints numbers.
// Each time is the median of BENCH_RUNS runs (default 3) after one warm-up run. With AST_GREP set to an
// ast-grep binary and AST_GREP_CONFIG to an sgconfig.yml (its rules), `ast-grep scan` is timed on the same trees.
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { discoverFiles, runProject } from "../packages/engine/dist/index.js";
import { loadPythonParser } from "../packages/python/dist/index.js";
import { resolveTarget } from "../packages/targets/dist/index.js";

const SIZES = [2000, 4000];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// What `check` starts on a large repo (engine/src/run.ts, autoWorkers).
const WORKERS = Math.max(1, Math.min(availableParallelism(), 8));
// Real repos: a few percent of files use bf16, TF32 or FlashAttention in code; many more mention them, or
// `from_pretrained`, in docstrings and comments (usage examples), which the prefilter tells from code.
const CODE_SHARE = 0.03;
const PROSE_SHARE = 0.3;

function generateTree(files) {
  const root = mkdtempSync(join(tmpdir(), "gpu-compat-bench-"));
  for (let i = 0; i < files; i++) {
    const dir = join(root, `pkg${i % 40}`, `sub${i % 7}`);
    mkdirSync(dir, { recursive: true });
    const body = [];
    if (i % Math.round(1 / PROSE_SHARE) === 0) {
      body.push(`"""Blocks for model ${i}.\n\nExamples:\n    >>> model = AutoModel.from_pretrained("org/model-7b", torch_dtype=torch.bfloat16)\n"""\n`);
      body.push("# bf16 and tf32 are faster on an A100\n");
    }
    body.push("import torch\nimport torch.nn as nn\n\n");
    for (let f = 0; f < 30; f++) {
      body.push(`class Block${f}(nn.Module):\n    def __init__(self, dim=${64 + f}):\n        super().__init__()\n        self.proj = nn.Linear(dim, dim * 4)\n        self.out = nn.Linear(dim * 4, dim)\n\n    def forward(self, x):\n        # project up, activate, project down\n        return self.out(torch.nn.functional.gelu(self.proj(x))) + x\n\n\n`);
    }
    if (i < files * CODE_SHARE) body.push('model = Block0().to(torch.bfloat16)\nargs = dict(attn_implementation="flash_attention_2")\n');
    writeFileSync(join(dir, `module_${i}.py`), body.join(""));
  }
  return root;
}

function pythonFiles(root) {
  return discoverFiles(root).files.filter((file) => file.kind === "python").map((file) => file.absolute);
}

/** Reads and parses every file on this thread. */
async function parseHere(paths) {
  const parser = await loadPythonParser({ backend: "native" });
  for (const path of paths) parser.parse(readFileSync(path, "utf8")).dispose();
}

// A parse-only worker: loads the parser, then reads and parses the files it is sent.
const PARSE_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { readFileSync } = require("node:fs");
import(workerData.python).then(async ({ loadPythonParser }) => {
  const parser = await loadPythonParser({ backend: "native" });
  parentPort.on("message", (paths) => {
    for (const path of paths) parser.parse(readFileSync(path, "utf8")).dispose();
    parentPort.postMessage(paths.length);
  });
  parentPort.postMessage(0);
});
`;

/** Reads and parses every file on `count` worker threads, handing out small batches as workers free up. */
async function parseInWorkers(paths, count) {
  const python = new URL("../packages/python/dist/index.js", import.meta.url).href;
  let next = 0;
  const workers = Array.from({ length: count }, () => new Worker(PARSE_WORKER, { eval: true, workerData: { python } }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise((resolve, reject) => {
            worker.on("message", () => {
              if (next >= paths.length) return resolve();
              worker.postMessage(paths.slice(next, (next += 16)));
            });
            worker.once("error", reject);
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

async function check(root) {
  return runProject({ root, target: resolveTarget("t4"), mode: "check" });
}

function astGrep(root) {
  const result = spawnSync(process.env.AST_GREP, ["scan", "--config", process.env.AST_GREP_CONFIG, root], { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  if (result.error || (result.status !== 0 && result.status !== 1)) throw new Error(`ast-grep failed: ${result.error?.message ?? result.stderr}`);
}

/** The median wall time of RUNS runs of `run`, after a warm-up run (file cache, JIT); and the last result. */
async function time(run) {
  let result = await run();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], spread: [times[0], times.at(-1)], result };
}

async function measure(root) {
  const paths = pythonFiles(root);
  const bytes = paths.reduce((sum, path) => sum + readFileSync(path).length, 0);
  const parse1 = await time(() => parseHere(paths));
  const parseN = WORKERS > 1 ? await time(() => parseInWorkers(paths, WORKERS)) : parse1;
  const run = await time(() => check(root));
  const grep = process.env.AST_GREP && process.env.AST_GREP_CONFIG ? await time(() => astGrep(root)) : undefined;
  return { files: paths.length, bytes, parse1, parseN, run, grep };
}

function report(label, m) {
  const mb = m.bytes / 1024 / 1024;
  const line = (what, t) => {
    const s = t.ms / 1000;
    const spread = RUNS > 1 ? `, runs ${t.spread.map((x) => x.toFixed(0)).join("-")} ms` : "";
    return `  ${what.padEnd(42)} ${t.ms.toFixed(0).padStart(6)} ms  (${Math.round(m.files / s)} files/s, ${(mb / s).toFixed(1)} MB/s${spread})`;
  };
  const summary = m.run.result.summary;
  console.log(`\n${label}: ${m.files} Python files, ${mb.toFixed(1)} MB (median of ${RUNS})`);
  console.log(line("read + parse every file, 1 thread:", m.parse1));
  if (WORKERS > 1) console.log(line(`read + parse every file, ${WORKERS} workers:`, m.parseN));
  console.log(line("gpu-compat check --target t4:", m.run));
  console.log(`  ${"".padEnd(42)} parsed ${summary.filesParsed} of ${summary.filesDiscovered} files, ${summary.findings} findings`);
  if (m.grep) console.log(line("ast-grep scan:", m.grep));
  const ratios = [`check / parse (${WORKERS} workers): ${(m.run.ms / m.parseN.ms).toFixed(3)}`, `check / parse (1 thread): ${(m.run.ms / m.parse1.ms).toFixed(3)}`];
  if (m.grep) ratios.push(`check / ast-grep: ${(m.run.ms / m.grep.ms).toFixed(3)}`);
  console.log(`  ${ratios.join(";  ")}`);
}

const generated = [];
for (const size of SIZES) {
  const root = generateTree(size);
  try {
    const m = await measure(root);
    report(`generated tree (${size} files)`, m);
    generated.push(m);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
const [small, large] = generated;
const growth = (key) => (large[key].ms / small[key].ms).toFixed(2);
console.log(`\nlinearity: ${large.files / small.files}x the files takes ${growth("run")}x the time in check, ${growth("parseN")}x to parse every file`);

const realRepo = process.argv[2];
if (realRepo) report(realRepo, await measure(realRepo));
