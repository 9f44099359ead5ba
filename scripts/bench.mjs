// `pnpm bench [path]`: times `gpu-compat check` over a large generated Python tree (and over a real checkout
// when a path is given) against parsing every file of it once. Not a test: it prints numbers.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverFiles, runProject } from "@gpu-compat/engine";
import { loadPythonParser } from "@gpu-compat/python";
import { resolveTarget } from "@gpu-compat/targets";

const FILES = 4000;
const TRIGGER_SHARE = 0.03; // Real repos: a few percent of files mention bf16, TF32 or FlashAttention.

function generateTree() {
  const root = mkdtempSync(join(tmpdir(), "gpu-compat-bench-"));
  for (let i = 0; i < FILES; i++) {
    const dir = join(root, `pkg${i % 40}`, `sub${i % 7}`);
    mkdirSync(dir, { recursive: true });
    const body = [];
    body.push("import torch\nimport torch.nn as nn\n\n");
    for (let f = 0; f < 30; f++) {
      body.push(`class Block${f}(nn.Module):\n    def __init__(self, dim=${64 + f}):\n        super().__init__()\n        self.proj = nn.Linear(dim, dim * 4)\n        self.out = nn.Linear(dim * 4, dim)\n\n    def forward(self, x):\n        # project up, activate, project down\n        return self.out(torch.nn.functional.gelu(self.proj(x))) + x\n\n\n`);
    }
    if (i < FILES * TRIGGER_SHARE) body.push('model = Block0().to(torch.bfloat16)\nargs = dict(attn_implementation="flash_attention_2")\n');
    writeFileSync(join(dir, `module_${i}.py`), body.join(""));
  }
  return root;
}

async function parseOnly(root) {
  const parser = await loadPythonParser({ backend: "native" });
  const started = performance.now();
  let bytes = 0;
  const files = discoverFiles(root).files;
  for (const file of files) {
    const text = readFileSync(file.absolute, "utf8");
    bytes += Buffer.byteLength(text);
    parser.parse(text).dispose();
  }
  return { files: files.length, bytes, ms: performance.now() - started };
}

async function check(root) {
  const started = performance.now();
  const result = await runProject({ root, target: resolveTarget("t4"), mode: "check" });
  return { result, ms: performance.now() - started };
}

function report(label, parse, run) {
  const mb = parse.bytes / 1024 / 1024;
  const rate = (ms) => `${Math.round(parse.files / (ms / 1000))} files/s, ${(mb / (ms / 1000)).toFixed(1)} MB/s`;
  console.log(`\n${label}: ${parse.files} Python files, ${mb.toFixed(1)} MB`);
  console.log(`  parse every file once (native, 1 thread): ${parse.ms.toFixed(0)} ms  (${rate(parse.ms)})`);
  console.log(`  gpu-compat check --target t4:             ${run.ms.toFixed(0)} ms  (${rate(run.ms)}), parsed ${run.result.summary.filesParsed} files, ${run.result.summary.findings} findings`);
  console.log(`  check / parse-only: ${(run.ms / parse.ms).toFixed(3)}`);
}

const generated = generateTree();
try {
  await check(generated); // Warm the file cache and the JIT, as a second run of a user would be.
  report("generated tree", await parseOnly(generated), await check(generated));
} finally {
  rmSync(generated, { recursive: true, force: true });
}
const realRepo = process.argv[2];
if (realRepo) {
  await check(realRepo);
  report(realRepo, await parseOnly(realRepo), await check(realRepo));
}
