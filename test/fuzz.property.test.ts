import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runProject } from "@gpu-compat/engine";
import { resolveTarget } from "@gpu-compat/targets";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, tempDir } from "./cli-helpers.js";
import { pythonSyntaxErrors } from "./python-oracle.js";

/**
 * The fuzz invariants, as a property test over the rule fixtures: each input is mutated at random (line ends,
 * a BOM, no final newline, noise comment lines, trigger statements appended), fixed for a random target, and
 * then:
 * - a file the real tool read (python3's ast, bash -n, json.load, yaml.safe_load) still reads;
 * - a second fix changes nothing;
 * - the noise lines, which hold nothing a rule looks for, are all still there, byte for byte and in order, as
 *   are the BOM, the line-end style and the final newline (bytes outside the edits are kept);
 * - nothing is an internal error.
 * Seeded, so a failure reproduces: FUZZ_SEED=n reruns one seed, FUZZ_FILES=n widens the sample.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const SAMPLE = Number(process.env.FUZZ_FILES ?? 90);
const TARGETS = ["t4", "t4x2", "p100", "k80", "v100"] as const;
const FIXTURES = join(REPO_ROOT, "packages/rules/fixtures");

/** mulberry32: a small seeded generator, so runs repeat. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = "python" | "shell" | "yaml" | "json" | "notebook" | "other";

function kindOf(ext: string): Kind {
  if (ext === "py") return "python";
  if (ext === "sh" || ext === "mk") return "shell";
  if (ext === "yaml" || ext === "yml") return "yaml";
  if (ext === "json") return "json";
  if (ext === "ipynb") return "notebook";
  return "other";
}

/** The file name a fixture input gets in the fuzz tree (kinds are told from names). */
function fileName(ext: string): string {
  if (ext === "requirements.txt" || ext === "pyproject.toml") return ext;
  return ext === "mk" ? "Makefile" : `input.${ext}`;
}

// No letters of any trigger: a comment a rule has no reason to touch.
const NOISE_CHARS = "ñßøü¿~ 0123456789🚀·—é…";
const TRIGGERS: Partial<Record<Kind, string[]>> = {
  python: [
    "x_fuzz = torch.zeros(2, dtype=torch.bfloat16)",
    "torch.backends.cuda.matmul.allow_tf32 = True",
    'model_fuzz = AutoModelForCausalLM.from_pretrained("gpt2", torch_dtype=torch.bfloat16, attn_implementation="flash_attention_2")',
    "if torch.cuda.is_bf16_supported():\n    dtype_fuzz = torch.bfloat16",
    "if torch.cuda.get_device_capability()[0] >= 8:\n    dtype_fuzz = torch.bfloat16",
  ],
  shell: ["accelerate launch --mixed_precision bf16 train.py", "torchrun --nproc_per_node 8 train.py --bf16 True"],
};

interface Case {
  source: string;
  name: string;
  kind: Kind;
  text: string;
  noise: string[];
  bom: boolean;
  crlf: boolean;
  finalNewline: boolean;
}

function mutate(source: string, ext: string, text: string, next: () => number, index: number): Case {
  const kind = kindOf(ext);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const finalNewline = lines.at(-1) === "" && next() < 0.8;
  if (lines.at(-1) === "") lines.pop();
  const noise: string[] = [];
  const comment = kind === "python" || kind === "shell" || kind === "yaml";
  if (comment) {
    for (let n = Math.floor(next() * 4); n > 0; n--) {
      const body = Array.from({ length: 3 + Math.floor(next() * 12) }, () => pick([...NOISE_CHARS])).join("");
      const line = `# fuzz${index}-${n} ${body}${next() < 0.3 ? " \t" : ""}`;
      // Between top-level statements (the next line starts in column 0, the line before does not go on), so the
      // noise is outside any statement an edit may replace whole.
      const safe = lines.flatMap((l, i) => (/^[^\s)\]}]/.test(lines[i + 1] ?? "x") && !/[\\([{,:]\s*$/.test(l) ? [i + 1] : []));
      const at = pick([0, ...safe]);
      lines.splice(at, 0, line);
      noise.push(line);
    }
    const triggers = TRIGGERS[kind];
    if (triggers && next() < 0.5) lines.push(...pick(triggers).split("\n"));
  }
  const crlf = kind !== "notebook" && kind !== "json" && next() < 0.3;
  const bom = next() < 0.15;
  let body = lines.join(crlf ? "\r\n" : "\n") + (finalNewline ? (crlf ? "\r\n" : "\n") : "");
  if (bom) body = `\ufeff${body}`;
  const inserted = new Set(noise);
  return { source, name: fileName(ext), kind, text: body, noise: lines.filter((line) => inserted.has(line)), bom, crlf, finalNewline };
}

function fixtureInputs(): { source: string; ext: string; text: string }[] {
  const inputs: { source: string; ext: string; text: string }[] = [];
  for (const rule of readdirSync(FIXTURES).sort()) {
    for (const file of readdirSync(join(FIXTURES, rule)).sort()) {
      const match = /^(.+)\.input\.(.+)$/.exec(file);
      if (match) inputs.push({ source: `${rule}/${file}`, ext: match[2]!, text: readFileSync(join(FIXTURES, rule, file), "utf8") });
    }
  }
  return inputs;
}

/** The files python3, bash and Python's json/yaml read without error (yaml only where PyYAML is installed). */
function readByTheirTools(files: { path: string; kind: Kind }[]): Set<string> {
  const ok = new Set<string>();
  const python = files.filter((f) => f.kind === "python").map((f) => f.path);
  const bad = new Set(pythonSyntaxErrors(python).map((line) => line.slice(0, line.indexOf(": "))));
  for (const path of python) if (!bad.has(path)) ok.add(path);
  for (const { path } of files.filter((f) => f.kind === "shell" && f.path.endsWith(".sh"))) {
    try {
      execFileSync("bash", ["-n", path], { stdio: "ignore" });
      ok.add(path);
    } catch {
      // not valid bash: left out of the check
    }
  }
  const data = files.filter((f) => f.kind === "yaml" || f.kind === "json" || f.kind === "notebook");
  const script = [
    "import json, sys",
    "try:\n    import yaml\nexcept ImportError:\n    yaml = None",
    "good = []",
    "for path, kind in json.load(sys.stdin):",
    "    try:",
    "        text = open(path, encoding='utf-8-sig').read()",
    "        if kind == 'yaml':",
    "            if yaml is None: continue",
    "            list(yaml.safe_load_all(text))",
    "        else:",
    "            value = json.loads(text)",
    "            if kind == 'notebook' and not isinstance(value.get('cells'), list): continue",
    "        good.append(path)",
    "    except Exception:",
    "        pass",
    "print(json.dumps(good))",
  ].join("\n");
  const out = execFileSync("python3", ["-c", script], { input: JSON.stringify(data.map((f) => [f.path, f.kind])), encoding: "utf8" });
  for (const path of JSON.parse(out) as string[]) ok.add(path);
  return ok;
}

describe("fuzz invariants over the fixtures", () => {
  it(`seed ${SEED}: parse kept, idempotent, bytes outside edits kept, no internal error`, async () => {
    const next = random(SEED);
    const inputs = fixtureInputs();
    const chosen = Array.from({ length: Math.min(SAMPLE, inputs.length) }, () => inputs[Math.floor(next() * inputs.length)]!);
    const before = tempDir("gpu-compat-fuzz-in-");
    const roots = new Map(TARGETS.map((target) => [target, tempDir(`gpu-compat-fuzz-${target}-`)]));
    const cases = chosen.map((input, i) => {
      const target = TARGETS[Math.floor(next() * TARGETS.length)]!;
      const mutated = mutate(input.source, input.ext, input.text, next, i);
      const dir = `case${String(i).padStart(3, "0")}`;
      for (const root of [before, roots.get(target)!]) {
        mkdirSync(join(root, dir));
        writeFileSync(join(root, dir, mutated.name), mutated.text);
      }
      return { ...mutated, target, relative: `${dir}/${mutated.name}` };
    });

    let written = 0;
    for (const [target, root] of roots) {
      const result = await runProject({ root, target: resolveTarget(target), mode: "fix" });
      written += result.files.filter((file) => file.written).length;
      expect(result.diagnostics.filter((d) => d.kind === "internal-error" || d.kind === "unsettled")).toEqual([]);
      const again = await runProject({ root, target: resolveTarget(target), mode: "fix" });
      const rewritten = again.files.filter((file) => file.written).map((file) => file.path);
      expect(rewritten, `a second fix (${target}) changed files`).toEqual([]);
    }

    // Not vacuous: the sample holds files the rules rewrite.
    expect(written).toBeGreaterThan(SAMPLE / 5);

    const paths = (root: (c: (typeof cases)[number]) => string) => cases.map((c) => ({ path: join(root(c), c.relative), kind: c.kind }));
    const readBefore = readByTheirTools(paths(() => before));
    const readAfter = readByTheirTools(paths((c) => roots.get(c.target)!));
    expect(readBefore.size).toBeGreaterThan(SAMPLE / 2);
    for (const c of cases) {
      const label = `${c.source} (${c.target}, seed ${SEED})`;
      const after = readFileSync(join(roots.get(c.target)!, c.relative), "utf8");
      if (readBefore.has(join(before, c.relative))) expect(readAfter.has(join(roots.get(c.target)!, c.relative)), `${label} no longer parses`).toBe(true);
      expect(after.startsWith("\ufeff"), `${label}: BOM`).toBe(c.bom);
      if (c.kind !== "other") {
        expect(/\r?\n$/.test(after), `${label}: final newline`).toBe(c.finalNewline);
        expect(c.crlf ? /(^|[^\r])\n/.test(after) : after.includes("\r\n"), `${label}: line ends`).toBe(false);
      }
      let from = 0;
      for (const line of c.noise) {
        const at = after.indexOf(`${line}${c.crlf ? "\r\n" : "\n"}`, from);
        const last = after.endsWith(line) && after.length - line.length >= from;
        expect(at >= 0 || last, `${label}: the line ${JSON.stringify(line)} was changed`).toBe(true);
        from = at >= 0 ? at + line.length : after.length;
      }
    }
  }, 60_000);
});
