import { adapterFor, kindOfPath, loadParsers, processDocument, type Parsers } from "@gpu-compat/engine";
import { findRule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";
import { blockDimension } from "../src/shared/triton-kernels.js";

let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

function fix(text: string, target = "t4") {
  const rule = findRule("triton-shared-memory")!;
  const outcome = processDocument(adapterFor(kindOfPath("case.py")!, parsers), "case.py", text, { target: resolveTarget(target), rules: [rule], mode: "fix" });
  expect(outcome.diagnostics).toEqual([]);
  return { output: outcome.fixed ?? text, findings: outcome.findings };
}

/** A fp16 matmul kernel autotuned over `configs` (Python source of the list or a name). */
function kernel(configs: string, header = "import triton\nimport triton.language as tl\n"): string {
  return `${header}
@triton.autotune(configs=${configs}, key=["M"])
@triton.jit
def mm(a_ptr, b_ptr, c_ptr, M, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    a = tl.load(a_ptr).to(tl.float16)
    b = tl.load(b_ptr).to(tl.float16)
    tl.store(c_ptr, tl.dot(a, b))
`;
}

const SMALL = `triton.Config({"BLOCK_M": 64, "BLOCK_N": 64, "BLOCK_K": 32})`;
// 1 x (256x128 + 128x256) x 2 B = 131072 B: over a T4 and a V100 with every Triton release.
const BIG = `triton.Config({"BLOCK_M": 256, "BLOCK_N": 256, "BLOCK_K": 128})`;
// 1 x (128x128 + 128x256) x 2 B = 98304 B: exactly a V100's limit.
const EDGE = `triton.Config({"BLOCK_M": 128, "BLOCK_N": 256, "BLOCK_K": 128}, num_stages=1)`;

describe("blockDimension", () => {
  it.each([
    ["BLOCK_M", "m"],
    ["BLOCK_SIZE_N", "n"],
    ["BLOCKK", "k"],
    ["block_k", "k"],
    ["TILE_M", "m"],
    ["GROUP_SIZE_M", null],
    ["SPLIT_K", null],
    ["BLOCK_DMODEL", null],
    ["BLOCK_SIZE", null],
  ])("%s -> %s", (key, dimension) => {
    expect(blockDimension(key)).toBe(dimension);
  });
});

describe("removing configs from a list", () => {
  it("removes a config in the middle of a one-line list with its comma", () => {
    expect(fix(kernel(`[${SMALL}, ${BIG}, ${SMALL}]`)).output).toBe(kernel(`[${SMALL}, ${SMALL}]`));
  });

  it("removes a run at the end of a one-line list, keeping a trailing comma", () => {
    expect(fix(kernel(`[${SMALL}, ${BIG}, ${BIG},]`)).output).toBe(kernel(`[${SMALL},]`));
  });

  it("removes a run at the start of a one-line list", () => {
    expect(fix(kernel(`[${BIG}, ${BIG}, ${SMALL}]`)).output).toBe(kernel(`[${SMALL}]`));
  });

  it("removes whole lines, with their comments, and keeps the comments of other lines", () => {
    const before = `[\n    # small first\n    ${SMALL},\n    ${BIG},  # too big for a T4\n    # also small\n    ${SMALL}\n]`;
    const after = `[\n    # small first\n    ${SMALL},\n    # also small\n    ${SMALL}\n]`;
    expect(fix(kernel(before)).output).toBe(kernel(after));
  });

  it("removes the last line of a list without a trailing comma", () => {
    expect(fix(kernel(`[\n    ${SMALL},\n    ${BIG}\n]`)).output).toBe(kernel(`[\n    ${SMALL},\n]`));
  });

  it("reports all removals of one list in one finding, with the numbers", () => {
    const { findings } = fix(kernel(`[${SMALL}, ${BIG}, ${BIG}]`));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain("2 of 3 autotune configs of `mm` need more shared memory than Tesla T4");
    expect(findings[0]!.message).toContain("1 x (256x128 + 128x256) x 2 B = 131072 B");
    expect(findings[0]!.message).toContain("(65536 B, 64 KiB)");
  });
});

describe("what decides", () => {
  it("keeps a config at exactly the limit: Triton fails only above it", () => {
    expect(fix(kernel(`[${SMALL}, ${EDGE}]`), "v100").findings).toEqual([]);
    expect(fix(kernel(`[${SMALL}, ${EDGE}]`), "t4").output).toBe(kernel(`[${SMALL}]`));
  });

  it("reads the element size from the kernel's casts: fp32 doubles it", () => {
    // 1 x (128x64 + 64x128) x 4 B = 65536 B fits a T4; with 8-byte fp64 it would not.
    const config = `triton.Config({"BLOCK_M": 128, "BLOCK_N": 128, "BLOCK_K": 64}, num_stages=1)`;
    expect(fix(kernel(`[${SMALL}, ${config}]`).replaceAll("tl.float16", "tl.float32")).findings).toEqual([]);
    expect(fix(kernel(`[${SMALL}, ${config}]`).replaceAll("tl.float16", "tl.float64")).findings).toHaveLength(1);
  });

  it("only hints when the operand dtype is not visible", () => {
    const text = kernel(`[${SMALL}, ${BIG}]`).replaceAll(".to(tl.float16)", "");
    const { output, findings } = fix(text);
    expect(output).toBe(text);
    expect(findings[0]!.message).toContain("2-byte fp16/bf16 operands assumed");
  });

  it("follows aliases of triton and triton.language", () => {
    const header = "from triton import Config as C, autotune as tune, jit\nfrom triton import language as lang\n";
    const text = kernel(`[${SMALL}, ${BIG}]`, header)
      .replace("@triton.autotune", "@tune")
      .replace("@triton.jit", "@jit")
      .replaceAll("tl.", "lang.")
      .replaceAll("triton.Config", "C");
    expect(fix(text).output).toBe(kernel(`[${SMALL}]`, header).replace("@triton.autotune", "@tune").replace("@triton.jit", "@jit").replaceAll("tl.", "lang.").replaceAll("triton.Config", "C"));
  });

  it("reads a module-level list, and leaves one that is changed elsewhere alone", () => {
    const named = `CONFIGS = [${SMALL}, ${BIG}]\n`;
    expect(fix(kernel("CONFIGS", `import triton\nimport triton.language as tl\n${named}`)).output).toBe(
      kernel("CONFIGS", `import triton\nimport triton.language as tl\nCONFIGS = [${SMALL}]\n`),
    );
    const mutated = kernel("CONFIGS", `import triton\nimport triton.language as tl\n${named}CONFIGS.append(${SMALL})\n`);
    expect(fix(mutated).findings).toEqual([]);
  });

  it("edits a list shared by two matmul kernels, not one shared with a kernel it cannot size", () => {
    const header = `import triton\nimport triton.language as tl\nCONFIGS = [${SMALL}, ${BIG}]\n`;
    const second = `\n@triton.autotune(configs=CONFIGS, key=["M"])\n@triton.jit\ndef other(x_ptr, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):\n    BODY\n`;
    const dot = "tl.store(x_ptr, tl.dot(tl.load(x_ptr).to(tl.float16), tl.load(x_ptr).to(tl.float16)))";
    const shared = kernel("CONFIGS", header) + second.replace("BODY", dot);
    expect(fix(shared).output).toBe(shared.replace(`, ${BIG}]`, "]"));
    const mixed = kernel("CONFIGS", header) + second.replace("BODY", "tl.store(x_ptr, tl.load(x_ptr) + 1)");
    expect(fix(mixed).findings).toEqual([]);
  });

  it("does not run on GPUs without Triton", () => {
    expect(findRule("triton-shared-memory")!.appliesTo(resolveTarget("p100"))).toBe(false);
    expect(findRule("triton-shared-memory")!.appliesTo(resolveTarget("k80"))).toBe(false);
    expect(findRule("triton-shared-memory")!.appliesTo(resolveTarget("v100"))).toBe(true);
  });
});
