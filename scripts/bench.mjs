// `pnpm bench [options] [repo ...]`: what `gpu-compat check` costs, next to what it cannot cost less than. Not a
// test: it prints numbers (the figures of issue 15), and nothing here is timed in the test suite.
//
// Per real checkout given by path (several may be given), one table: files, MB, trigger files (files holding a
// trigger literal of some rule for their kind: `triggerLiterals` of @gpu-compat/rules, as the engine's prefilter
// looks for them, before it tells code from prose), parsed files and findings (from `check --format json`); then the
// CPU (user + sys), wall time and peak RSS of each of these, every one a child process of its own:
//   check          node bin/gpu-compat.js check <repo> --target t4 (the bundle, its worker threads, text output)
//   check, 1 thread  the same with GPU_COMPAT_WORKERS=1: what the worker pool costs in CPU
//   fix --dry-run  node bin/gpu-compat.js fix <repo> --target t4 --dry-run --no-report
//   parse all      read + parse every Python file (.py, notebooks' code) once, one thread (scripts/bench/parse.mjs)
//   parse trigger  the same for the Python files and notebooks that hold a trigger literal: the floor for any tool
//                  that must parse the files that can have a finding
//   ast-grep scan  ast-grep with scripts/bench/sgconfig.yml (ten equivalent rules; it parses every Python file),
//                  when ast-grep is there: the pinned devDependency @ast-grep/cli, or AST_GREP=<binary>; skipped
//                  when absent (`sg` on PATH is not looked at: on Linux it is often the group command)
// and the ratios check / parse trigger, check / parse all, check / ast-grep, fix / check, check / check 1 thread
// (of CPU, and of wall).
// --baseline <git revision>: also `check` as that revision's committed bundle runs it (its bin/ and dist/, taken
// with `git show`, no build; this checkout's node_modules), the two runs taking turns after a warm-up each, and the
// ratio check / baseline. On a shared machine whose speed drifts from minute to minute, runs that take turns are
// the comparison to trust: two tables run minutes apart can differ by 20%.
// CPU and RSS come from GNU time (`/usr/bin/time -f`) when it is there, else from process.resourceUsage() at the
// child's exit (scripts/bench/rusage.mjs; then ast-grep gets wall time only). Each figure is the median of --runs
// runs (default 3, or BENCH_RUNS) after one warm-up run (file cache); RSS is the largest seen. The rows of a repo
// run in turn (one run of each, then the next round), so that a drift of the machine's speed falls on all alike.
//
// Then, unless --no-scale: generated Python trees of 1x, 2x and 4x BENCH_SCALE files (default 1000), timed the
// same way, to show whether cost grows linearly with the repo.
//
// --cpu-prof: instead of the tables, profiles one `check` per repo (`node --cpu-prof`, the CLI run from the
// packages' own dist/ so that each function's file names its package: scripts/bench/cli.mjs; the bundle has no
// source map) with GPU_COMPAT_WORKERS=1, every file on the main thread (--workers N to profile the pool: each
// worker thread writes a profile, and all are summed), and prints self time by part: discovery, prefilter, parse
// (tree-sitter), the tree-object layer, semantic model, rules, report, config parsers, engine, node/GC; then the
// functions with the most self time. --keep-profiles leaves the .cpuprofile files in a folder it prints.
//
//   pnpm bench /tmp/peft /tmp/axolotl /tmp/LLaMA-Factory
//   pnpm bench --no-scale --runs 5 ~/src/Megatron-LM
//   pnpm bench --cpu-prof ~/src/Megatron-LM
//   pnpm bench --no-scale --runs 5 --baseline HEAD~3 /tmp/peft
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { discoverFiles } from "../packages/engine/dist/index.js";
import { rulesFor, triggerLiterals } from "../packages/rules/dist/index.js";
import { resolveTarget } from "../packages/targets/dist/index.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BENCH = join(ROOT, "scripts", "bench");
const CLI = join(ROOT, "bin", "gpu-compat.js");
const TARGET = "t4";

const { values: flags, positionals: repos } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: process.env.BENCH_RUNS ?? "3" },
    "no-scale": { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
    "keep-profiles": { type: "boolean", default: false },
    workers: { type: "string", default: "1" },
    baseline: { type: "string" },
    top: { type: "string", default: "20" },
  },
});
const RUNS = Math.max(1, Number(flags.runs));
/** The baseline revision's CLI (--baseline), once taken out of git. */
let baselineCli;
const SCALE = Number(process.env.BENCH_SCALE ?? 1000);

// ---------------------------------------------------------------------------------------------------------------
// Running a child and what it cost.

const gnuTime = existsSync("/usr/bin/time") && spawnSync("/usr/bin/time", ["-f", "%M", "true"], { stdio: "ignore" }).status === 0;

/** Runs `command args` once: its status, stdout, wall ms, and (when known) CPU ms (user + sys) and peak RSS in KiB. */
function runOnce(command, args, { env = {}, node = false, capture = false } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), "gpu-compat-bench-run-"));
  const timeFile = join(scratch, "time");
  const usageFile = join(scratch, "usage.json");
  let file = command;
  let argv = args;
  if (gnuTime) {
    file = "/usr/bin/time";
    argv = ["-f", "%U %S %M", "-o", timeFile, command, ...args];
  } else if (node) {
    argv = ["--import", join(BENCH, "rusage.mjs"), ...args];
  }
  const started = performance.now();
  const result = spawnSync(file, argv, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", BENCH_RUSAGE: usageFile, ...env },
    stdio: ["ignore", capture ? "pipe" : "ignore", "pipe"],
    maxBuffer: 512 * 1024 * 1024,
    encoding: "utf8",
  });
  const wall = performance.now() - started;
  try {
    if (result.error) throw new Error(`${command} ${args.join(" ")}: ${result.error.message}`);
    let cpu;
    let rss;
    if (gnuTime && existsSync(timeFile)) {
      const [user, sys, maxRss] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
      cpu = (user + sys) * 1000;
      rss = maxRss;
    } else if (existsSync(usageFile)) {
      const usage = JSON.parse(readFileSync(usageFile, "utf8"));
      cpu = (usage.userCPUTime + usage.systemCPUTime) / 1000;
      rss = usage.maxRSS;
    }
    return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", wall, cpu, rss };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Each spec's warm-up run, then RUNS rounds in which every spec runs once, in turn: a drift of the machine's speed
 * falls on all of them alike. Per spec: the median CPU and wall, the largest RSS.
 */
function measureInTurn(specs) {
  const checked = (spec, run) => {
    if (!(spec.ok ?? ((status) => status === 0))(run.status)) throw new Error(`${spec.label} exited ${run.status}: ${run.stderr.slice(-2000)}`);
    return run;
  };
  const options = ({ label, command, args, ok, warm, ...rest }) => rest;
  const infos = specs.map((spec) => spec.warm?.(checked(spec, runOnce(spec.command, spec.args, { ...options(spec), capture: spec.warm !== undefined })).stdout));
  const runs = specs.map(() => []);
  for (let i = 0; i < RUNS; i++) specs.forEach((spec, k) => runs[k].push(checked(spec, runOnce(spec.command, spec.args, options(spec)))));
  return specs.map((spec, k) => summarizeRuns(spec.label, runs[k], infos[k]));
}

function summarizeRuns(label, runs, info) {
  const median = (values) => {
    if (values.some((value) => value === undefined)) return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const rss = runs.map((run) => run.rss).filter((value) => value !== undefined);
  return { label, cpu: median(runs.map((run) => run.cpu)), wall: median(runs.map((run) => run.wall)), rss: rss.length ? Math.max(...rss) : undefined, info };
}

/** The ast-grep binary: AST_GREP, else the platform package of the @ast-grep/cli devDependency (its postinstall, which pnpm does not run, would copy it to node_modules/.bin). */
function astGrepBinary() {
  if (process.env.AST_GREP) return process.env.AST_GREP;
  const platform = { "linux-x64": "linux-x64-gnu", "linux-arm64": "linux-arm64-gnu", "darwin-x64": "darwin-x64", "darwin-arm64": "darwin-arm64" }[`${process.platform}-${process.arch}`];
  try {
    const cli = realpathSync(join(ROOT, "node_modules", "@ast-grep", "cli"));
    const binary = join(dirname(createRequire(join(cli, "package.json")).resolve(`@ast-grep/cli-${platform}/package.json`)), "ast-grep");
    if (existsSync(binary)) return binary;
  } catch {
    // Not installed: ast-grep is optional.
  }
  const onPath = spawnSync("ast-grep", ["--version"], { stdio: "ignore" });
  return onPath.status === 0 ? "ast-grep" : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// What a repo holds.

/** The kinds of check the engine runs on a file of a kind on disk (engine/src/kinds.ts, checkedKinds). */
const CHECKED = { python: ["python"], notebook: ["python", "shell"], shell: ["shell"], makefile: ["shell"], markdown: ["shell"], "requirements.txt": ["requirements"], "pyproject.toml": ["requirements"], yaml: ["config"], json: ["config"], cuda: ["cuda"] };

function survey(root, rules) {
  const literals = new Map();
  const literalsOf = (kind) => {
    if (!literals.has(kind)) literals.set(kind, [...new Set((CHECKED[kind] ?? []).flatMap((checked) => triggerLiterals(rules, checked)))]);
    return literals.get(kind);
  };
  const files = discoverFiles(root).files;
  let bytes = 0;
  const python = [];
  const triggerPython = [];
  const triggerByKind = {};
  for (const file of files) {
    let data;
    try {
      data = readFileSync(file.absolute);
    } catch {
      continue;
    }
    bytes += data.length;
    const isPython = file.kind === "python" || file.kind === "notebook";
    if (isPython) python.push(file.absolute);
    if (!literalsOf(file.kind).some((literal) => data.includes(literal))) continue;
    triggerByKind[file.kind] = (triggerByKind[file.kind] ?? 0) + 1;
    if (isPython) triggerPython.push(file.absolute);
  }
  const triggerFiles = Object.values(triggerByKind).reduce((sum, count) => sum + count, 0);
  return { files: files.length, bytes, python, triggerPython, triggerFiles, triggerByKind };
}

// ---------------------------------------------------------------------------------------------------------------
// The tables.

const findings = (status) => status === 0 || status === 1;

function benchRepo(root, astGrep) {
  const rules = rulesFor(resolveTarget(TARGET));
  const facts = survey(root, rules);
  const scratch = mkdtempSync(join(tmpdir(), "gpu-compat-bench-"));
  try {
    const allList = join(scratch, "all.txt");
    const triggerList = join(scratch, "trigger.txt");
    writeFileSync(allList, facts.python.join("\n"));
    writeFileSync(triggerList, facts.triggerPython.join("\n"));
    const node = process.execPath;
    const cli = (label, bin, args, env) => ({ label, command: node, args: [bin, ...args], node: true, ok: findings, ...(env ? { env } : {}) });
    const check = ["check", root, "--target", TARGET];
    const specs = [
      // The warm-up run of check is the JSON one: its summary says how many files were parsed and what was found.
      { ...cli("check", CLI, check), warm: () => JSON.parse(runOnce(node, [CLI, ...check, "--format", "json"], { capture: true }).stdout).summary },
      ...(baselineCli ? [cli(`check, ${flags.baseline}`, baselineCli, check)] : []),
      // The same on the main thread alone: what the worker pool adds (or saves) in CPU.
      cli("check, 1 thread", CLI, check, { GPU_COMPAT_WORKERS: "1" }),
      cli("fix --dry-run", CLI, ["fix", root, "--target", TARGET, "--dry-run", "--no-report"]),
      { label: "parse all", command: node, args: [join(BENCH, "parse.mjs"), allList], node: true },
      { label: "parse trigger", command: node, args: [join(BENCH, "parse.mjs"), triggerList], node: true },
      ...(astGrep ? [{ label: "ast-grep scan", command: astGrep, args: ["scan", "--config", join(BENCH, "sgconfig.yml"), root], ok: findings }] : []),
    ];
    // In turn, so that the ratios between rows hold when the machine's speed drifts during the bench.
    const rows = measureInTurn(specs);
    return { root, facts, rows };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const ms = (value) => (value === undefined ? "-" : `${(value / 1000).toFixed(2)} s`);
const mib = (kib) => (kib === undefined ? "-" : `${Math.round(kib / 1024)} MiB`);
const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? "-" : `${(a / b).toFixed(2)}x`);

function printRepo({ root, facts, rows }) {
  const summary = rows[0].info;
  const mb = facts.bytes / 1024 / 1024;
  const kinds = Object.entries(facts.triggerByKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ");
  console.log(`\n## ${root}`);
  console.log(`files ${facts.files} (${facts.python.length} Python/notebook), ${mb.toFixed(1)} MB; trigger files ${facts.triggerFiles} (${kinds}); parsed ${summary.filesParsed}; findings ${summary.findings} in ${summary.filesWithFindings} files`);
  console.log(`median of ${RUNS} runs after a warm-up${gnuTime ? "" : "; CPU and RSS from process.resourceUsage()"}`);
  const header = ["", "CPU", "wall", "peak RSS"];
  const table = rows.map((row) => [row.label, ms(row.cpu), ms(row.wall), mib(row.rss)]);
  const widths = header.map((_, i) => Math.max(header[i].length, ...table.map((line) => line[i].length)));
  const format = (line) => `| ${line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(" | ")} |`;
  console.log(format(header));
  console.log(`|${widths.map((width, i) => (i === 0 ? "-" : "").padEnd(width + 1, "-") + (i === 0 ? "-" : ":")).join("|")}|`);
  for (const line of table) console.log(format(line));
  const by = Object.fromEntries(rows.map((row) => [row.label, row]));
  const both = (a, b) => `${ratio(a?.cpu, b?.cpu)} CPU, ${ratio(a?.wall, b?.wall)} wall`;
  console.log(`check / parse trigger: ${both(by.check, by["parse trigger"])}`);
  console.log(`check / parse all:     ${both(by.check, by["parse all"])}`);
  console.log(`check / ast-grep:      ${by["ast-grep scan"] ? both(by.check, by["ast-grep scan"]) : "- (ast-grep not installed)"}`);
  console.log(`fix --dry-run / check: ${both(by["fix --dry-run"], by.check)}`);
  console.log(`check / check 1 thread: ${both(by.check, by["check, 1 thread"])}`);
  if (flags.baseline) console.log(`check / ${flags.baseline}: ${both(by.check, by[`check, ${flags.baseline}`])} (runs in turn)`);
}

/**
 * The CLI of a git revision as it was committed: its bin/, dist/cli.js and dist/worker.js and package.json (the
 * CLI reads its version there) in a temporary folder, with this checkout's node_modules.
 */
function baselineCheckout(revision) {
  const dir = mkdtempSync(join(tmpdir(), "gpu-compat-bench-baseline-"));
  for (const path of ["package.json", "bin/gpu-compat.js", "dist/cli.js", "dist/worker.js"]) {
    const shown = spawnSync("git", ["show", `${revision}:${path}`], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    if (shown.status !== 0) throw new Error(`--baseline ${revision}: git show ${revision}:${path} failed: ${shown.stderr.toString().trim()}`);
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), shown.stdout);
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

// ---------------------------------------------------------------------------------------------------------------
// Generated trees: does the cost grow linearly?

// Real repos: a few percent of files use bf16, TF32 or FlashAttention in code; many more mention them, or
// `from_pretrained`, in docstrings and comments (usage examples), which the prefilter tells from code.
const CODE_SHARE = 0.03;
const PROSE_SHARE = 0.3;

function generateTree(files) {
  const root = mkdtempSync(join(tmpdir(), "gpu-compat-bench-tree-"));
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

function benchScale(astGrep) {
  const sizes = [SCALE, 2 * SCALE, 4 * SCALE];
  const results = [];
  for (const size of sizes) {
    const root = generateTree(size);
    try {
      const result = benchRepo(root, astGrep);
      result.root = `generated tree, ${size} files`;
      printRepo(result);
      results.push(result);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const growth = (label, key) => {
    const [one, , four] = results.map((result) => result.rows.find((row) => row.label === label)?.[key]);
    return ratio(four, one);
  };
  console.log(`\nlinearity, 4x the files: check ${growth("check", "cpu")} CPU (${growth("check", "wall")} wall, ${growth("check", "rss")} RSS); parse all ${growth("parse all", "cpu")} CPU`);
}

// ---------------------------------------------------------------------------------------------------------------
// --cpu-prof: self time by part.

/** The part of gpu-compat (or of the runtime) that a profile node's function belongs to. */
function partOf(url, functionName) {
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(program)" || functionName === "(root)") return "V8/native (program)";
  let path = url.startsWith("file://") ? fileURLToPath(url) : url;
  if (path.startsWith(ROOT)) path = relative(ROOT, path).split(sep).join("/");
  const pkg = /^packages\/([^/]+)\/dist\/(.+)$/.exec(path);
  if (pkg) {
    const [, name, file] = pkg;
    if (name === "engine") {
      if (file === "discover.js") return "discovery";
      if (file === "prefilter.js") return "prefilter";
      return "engine (run, pool, adapters, process)";
    }
    if (name === "python") {
      if (file === "parser.js") return "parse (tree-sitter)";
      if (file === "node.js") return "tree-object layer";
      if (file === "lexical.js" || file === "words.js") return "prefilter (lexical scan)";
      return "semantic model (python: source, imports, guards, calls)";
    }
    if (name === "rules") return "rules";
    if (name === "report") return "report";
    if (name === "shell") return "shell";
    if (name === "config" || name === "targets") return "config, targets";
    if (name === "cli") return "cli";
    return `packages/${name}`;
  }
  if (/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(web-)?tree-sitter(-python|-bash)?\//.test(path)) {
    // Parser.parse is the native parse; the rest of tree-sitter's JS is the Node API over its trees.
    return /(^|\.)parse$/.test(functionName) ? "parse (tree-sitter)" : "tree-object layer";
  }
  if (/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?(yaml|smol-toml|jsonc-parser)\//.test(path)) return "config parsers (yaml, toml, jsonc)";
  if (path.includes("node_modules/")) return "other dependencies";
  if (path.startsWith("node:") || path === "") return INTERNAL;
  return "other";
}

/** Node's own JS and V8 builtins (fs reads, TextDecoder, RegExp, JSON): charged to the part that called them. */
const INTERNAL = "node internals, builtins";

function summarizeProfiles(dir, top) {
  const selfBy = new Map();
  const selfFn = new Map();
  let total = 0;
  let idle = 0;
  const files = readdirSync(dir).filter((name) => name.endsWith(".cpuprofile"));
  for (const name of files) {
    const profile = JSON.parse(readFileSync(join(dir, name), "utf8"));
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map();
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
    // A builtin's time goes to its nearest caller in gpu-compat or a dependency; with none, it is start-up.
    const partFor = new Map();
    const charged = (id) => {
      if (partFor.has(id)) return partFor.get(id);
      const { callFrame } = nodes.get(id);
      let part = partOf(callFrame.url, callFrame.functionName);
      if (part === INTERNAL) {
        const parent = parents.get(id);
        const above = parent === undefined ? INTERNAL : charged(parent);
        part = above === INTERNAL || above === "V8/native (program)" ? "start-up, module loading (node)" : above;
      }
      partFor.set(id, part);
      return part;
    };
    const self = new Map();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    for (const [id, us] of self) {
      const { callFrame } = nodes.get(id);
      if (callFrame.functionName === "(idle)") {
        idle += us;
        continue;
      }
      total += us;
      const own = partOf(callFrame.url, callFrame.functionName);
      const part = own === INTERNAL ? charged(id) : own;
      const entry0 = selfBy.get(part) ?? { us: 0, builtins: 0 };
      entry0.us += us;
      if (own === INTERNAL) entry0.builtins += us;
      selfBy.set(part, entry0);
      const where = callFrame.url ? `${relative(ROOT, callFrame.url.startsWith("file://") ? fileURLToPath(callFrame.url) : callFrame.url)}:${callFrame.lineNumber + 1}` : "";
      const name = callFrame.functionName || "(anonymous)";
      const key = `${name.length > 60 ? `${name.slice(0, 57)}...` : name}  ${where}`;
      const entry = selfFn.get(key) ?? { us: 0, part: own === INTERNAL ? `${INTERNAL}, for ${part}` : part };
      entry.us += us;
      selfFn.set(key, entry);
    }
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1)}%`.padStart(6);
  const secs = (us) => `${(us / 1e6).toFixed(2)} s`.padStart(8);
  console.log(`${files.length} profile(s) (threads), ${(total / 1e6).toFixed(2)} s of samples, idle ${(idle / 1e6).toFixed(2)} s left out`);
  console.log("\n| part | self time | share | of it in node/V8 builtins it called |\n|---|---:|---:|---:|");
  for (const [part, { us, builtins }] of [...selfBy].sort((a, b) => b[1].us - a[1].us)) console.log(`| ${part} | ${secs(us)} | ${pct(us)} | ${secs(builtins)} |`);
  console.log(`\ntop ${top} functions by self time:`);
  for (const [key, { us, part }] of [...selfFn].sort((a, b) => b[1].us - a[1].us).slice(0, top)) console.log(`${secs(us)} ${pct(us)}  ${key}  [${part}]`);
}

function cpuProfile(root) {
  const dir = mkdtempSync(join(tmpdir(), "gpu-compat-cpuprof-"));
  try {
    const started = performance.now();
    const result = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, join(BENCH, "cli.mjs"), "check", root, "--target", TARGET], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", GPU_COMPAT_WORKERS: flags.workers },
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
    });
    if (result.error || !findings(result.status)) throw new Error(`check exited ${result.status}: ${result.error?.message ?? result.stderr}`);
    console.log(`\n## ${root}: check --target ${TARGET}, GPU_COMPAT_WORKERS=${flags.workers}, ${((performance.now() - started) / 1000).toFixed(2)} s wall under the profiler`);
    summarizeProfiles(dir, Number(flags.top));
    if (flags["keep-profiles"]) console.log(`profiles kept in ${dir}`);
  } finally {
    if (!flags["keep-profiles"]) rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------

for (const repo of repos) if (!existsSync(repo) || !statSync(repo).isDirectory()) throw new Error(`not a directory: ${repo}`);
if (flags["cpu-prof"]) {
  if (repos.length === 0) throw new Error("--cpu-prof profiles the repos given by path: pnpm bench --cpu-prof <repo> ...");
  for (const repo of repos) cpuProfile(resolve(repo));
} else {
  const baselineDir = flags.baseline ? baselineCheckout(flags.baseline) : undefined;
  baselineCli = baselineDir && join(baselineDir, "bin", "gpu-compat.js");
  process.on("exit", () => baselineDir && rmSync(baselineDir, { recursive: true, force: true }));
  const astGrep = astGrepBinary();
  console.log(`gpu-compat bench: node ${process.version}, ${astGrep ? `${spawnSync(astGrep, ["--version"], { encoding: "utf8" }).stdout.trim()}` : "no ast-grep (add it with the @ast-grep/cli devDependency, or AST_GREP=<binary>)"}`);
  for (const repo of repos) printRepo(benchRepo(resolve(repo), astGrep));
  if (!flags["no-scale"]) benchScale(astGrep);
}
