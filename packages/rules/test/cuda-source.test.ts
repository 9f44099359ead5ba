import { readdirSync, readFileSync } from "node:fs";
import { adapterFor, kindOfPath, loadParsers, processDocument, type Parsers } from "@gpu-compat/engine";
import { findRule } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate, integerLiteral } from "../src/cuda/evaluate.js";
import { lexCuda } from "../src/cuda/lexer.js";
import { sharedMemoryRequests } from "../src/cuda/shared-memory.js";
import { CudaSource } from "../src/cuda/source.js";
import { FIXTURES_DIR } from "./fixtures.js";

const texts = (source: string) => lexCuda(source).tokens.map((t) => t.text);
const value = (expression: string, names: Record<string, number> = {}) => evaluate(lexCuda(expression).tokens, (name) => names[name] ?? null);
const constant = (source: string, name: string) => new CudaSource(source).constants.valueOf(name);

describe("the CUDA lexer", () => {
  it("drops comments, keeps string and character literals whole, and reads launch brackets", () => {
    expect(texts('a /* b */ c // d\n"e // f" \'"\' k<<<1, 2>>>(x); R"x(raw " )x" u8"s"')).toEqual([
      "a",
      "c",
      '"e // f"',
      "'\"'",
      "k",
      "<<<",
      "1",
      ",",
      "2",
      ">>>",
      "(",
      "x",
      ")",
      ";",
      'R"x(raw " )x"',
      'u8"s"',
    ]);
  });

  it("sets preprocessor lines apart, with their continuations and without their comments", () => {
    const lexed = lexCuda("#define SMEM (96 * \\\n  1024) // bytes\nint x;\n  # pragma once\n");
    expect(lexed.directives.map((d) => [d.name, d.tokens.map((t) => t.text).join(" ")])).toEqual([
      ["define", "SMEM ( 96 * 1024 )"],
      ["pragma", "once"],
    ]);
    expect(lexed.tokens.map((t) => t.text)).toEqual(["int", "x", ";"]);
  });

  it("keeps offsets into the text", () => {
    const text = "  __shared__ float tile[32];";
    for (const token of lexCuda(text).tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
  });

  it("marks #if blocks as conditional, but not include guards", () => {
    const source = new CudaSource("#ifndef X_H\n#define X_H\nint a;\n#if __CUDA_ARCH__ >= 800\nint b;\n#else\nint c;\n#endif\nint d;\n#endif\n");
    const at = (word: string) => source.text.indexOf(word);
    expect([at("int a"), at("int b"), at("int c"), at("int d")].map((offset) => source.isConditional(offset))).toEqual([false, true, true, false]);
  });
});

describe("constant expressions", () => {
  it("reads integer literals in every base and with suffixes", () => {
    expect(["98304", "0x18000", "0b11", "010", "96u", "1'024ull", "64UL"].map(integerLiteral)).toEqual([98304, 98304, 3, 8, 96, 1024, 64]);
    expect(["1.5", "1e3", "0x1p3", "12abc"].map(integerLiteral)).toEqual([null, null, null, null]);
  });

  it("computes sizes with C's operators, sizeof of built-in types and integer casts", () => {
    expect(value("96 * 1024")).toBe(98304);
    expect(value("sizeof(float) * 64 * 64")).toBe(16384);
    expect(value("STAGES * (BM * BK + BK * BN) * sizeof(__half)", { STAGES: 3, BM: 128, BN: 128, BK: 64 })).toBe(98304);
    expect(value("(size_t)48 << 10")).toBe(49152);
    expect(value("static_cast<int>(sizeof(float4)) * 4")).toBe(64);
    expect(value("7 / 2 + 7 % 2 - -1")).toBe(5);
    expect(value("2 > 1 ? 100 : 200")).toBe(100);
    expect(value("sizeof(unsigned int) + sizeof(std::size_t)")).toBe(12);
  });

  it("gives up on anything it cannot know", () => {
    for (const expression of ["sizeof(T) * 64", "n * 4", "f(4)", "Traits::kSmem", "cfg.smem", "1.5 * 1024", "sizeof(long)", "4 / 0", "96 *", "(96"]) {
      expect(value(expression), expression).toBeNull();
    }
  });

  it("resolves #define, constexpr and const constants through each other", () => {
    const source = "#define BM 128\nconstexpr int BK{32};\nstatic const size_t SMEM = BM * BK * sizeof(half), OTHER = 2;\n";
    expect(constant(source, "SMEM")).toBe(8192);
    expect(constant(source, "OTHER")).toBe(2);
    const evaluation = new CudaSource(source).constants.evaluate(lexCuda("SMEM * 2").tokens);
    expect(evaluation).toEqual({ value: 16384, names: ["SMEM", "BM", "BK"] });
  });

  it("does not treat as constants names that can take other values", () => {
    const cases: [string, string][] = [
      ["int smem = 1024;\nvoid f() { smem = 2048; }", "smem"],
      ["int smem = 0;\ncudaDeviceGetAttribute(&smem, cudaDevAttrMaxSharedMemoryPerBlockOptin, 0);", "smem"],
      ["int smem = 1024;\nvoid f() { int smem = 2048; }", "smem"],
      ["void f() { for (int smem = 1024; ; ) {} }", "smem"],
      ["const int smem = 1024;\nvoid f() { smem += 1; }", "smem"],
      ["#define A 1\n#define A 2", "A"],
      ["#ifndef STAGES\n#define STAGES 3\n#endif", "STAGES"],
      ["#define SMEM(x) ((x) * 4)", "SMEM"],
      ["#define N 4\n#undef N", "N"],
      ["constexpr int BM = 64;\ntemplate <int BM, typename T = float> __global__ void k() {}", "BM"],
      ["void f(const int n = 4);", "n"],
      ["constexpr int smem = 1024;\nvoid run(const float* x, int smem) { k<<<1, 1, smem>>>(x); }", "smem"],
      ["constexpr int smem = 1024;\nauto f = [&](int smem) mutable { return smem; };", "smem"],
      ["#define A B\n#define B A", "A"],
    ];
    for (const [source, name] of cases) expect(constant(source, name), source).toBeNull();
    expect(constant("#define A 4\n#define A (2 * 2)", "A")).toBe(4);
    expect(constant("void f() {\n  unsigned int shared = 16 * (2 * 256 * 8 + 32 * 9);\n  g(shared);\n}", "shared")).toBe(70144);
    expect(constant("void f() { return smem = 4; }", "smem")).toBeNull();
    expect(constant("constexpr int smem = 1024;\nvoid run(int n) { if (n > smem) {} }", "smem")).toBe(1024);
  });
});

describe("kernels and shared memory requests", () => {
  it("sums a kernel's static __shared__ arrays and leaves out extern ones", () => {
    const source = new CudaSource(`
#define TILE 32
__global__ void __launch_bounds__(256, 2) k(float* x) {
  __shared__ float a[TILE][TILE + 1], b[TILE];
  __shared__ __align__(16) half h[64];
  static __shared__ int count;
  extern __shared__ char dyn[];
}`);
    const [kernel] = source.kernels;
    expect(kernel?.name).toBe("k");
    expect(source.staticShared(kernel!)).toEqual({ bytes: 32 * 33 * 4 + 32 * 4 + 64 * 2 + 4, complete: true });
  });

  it("says when a kernel's static shared memory is only partly known", () => {
    const source = new CudaSource("template <typename T, int N> __global__ void k() { __shared__ T t[N]; __shared__ float f[8]; }");
    expect(source.staticShared(source.kernels[0]!)).toEqual({ bytes: 32, complete: false });
  });

  it("finds opt-in calls and launches, with the kernel they name", () => {
    const source = new CudaSource(`
__global__ void gemm(float* c) {}
void run() {
  cudaFuncSetAttribute((const void*)gemm<64, 128>, cudaFuncAttributeMaxDynamicSharedMemorySize, 96 * 1024);
  cudaFuncSetAttribute(gemm, cudaFuncAttributePreferredSharedMemoryCarveout, 100);
  gemm<float, 64><<<grid, dim3(16, 16), 96 * 1024, stream>>>(c);
  other<<<1, 1>>>(c);
}`);
    const requests = sharedMemoryRequests(source).map((r) => ({ kind: r.kind, kernel: r.kernelName, bytes: r.bytes.map((t) => t.text).join(" "), text: source.text.slice(r.start, r.end) }));
    expect(requests).toEqual([
      { kind: "attribute", kernel: "gemm", bytes: "96 * 1024", text: "cudaFuncSetAttribute((const void*)gemm<64, 128>, cudaFuncAttributeMaxDynamicSharedMemorySize, 96 * 1024)" },
      { kind: "launch", kernel: "gemm", bytes: "96 * 1024", text: "gemm<float, 64><<<grid, dim3(16, 16), 96 * 1024, stream>>>" },
    ]);
  });

  it("notices code that asks the device for its limits", () => {
    expect(new CudaSource("cudaDeviceGetAttribute(&m, cudaDevAttrMaxSharedMemoryPerBlockOptin, 0);").deviceQuery).toBe("cudaDevAttrMaxSharedMemoryPerBlockOptin");
    expect(new CudaSource("if (prop.major >= 8) {}").deviceQuery).toBe(".major");
    expect(new CudaSource('// sharedMemPerBlockOptin\nconst char* s = "sharedMemPerBlockOptin";').deviceQuery).toBeNull();
  });
});

describe("cuda-shared-memory", () => {
  let parsers: Parsers;
  beforeAll(async () => {
    parsers = await loadParsers();
  });

  function check(path: string, text: string, target: string) {
    const outcome = processDocument(adapterFor(kindOfPath(path)!, parsers), path, text, {
      target: resolveTarget(target),
      rules: [findRule("cuda-shared-memory")!],
      mode: "fix",
    });
    expect(outcome.diagnostics).toEqual([]);
    expect(outcome.fixed).toBeUndefined();
    return outcome.findings;
  }

  const gemm = (bytes: string) => `__global__ void k(float* c) { extern __shared__ float s[]; }
void run() {
  cudaFuncSetAttribute(k, cudaFuncAttributeMaxDynamicSharedMemorySize, ${bytes});
  k<<<1, 128, ${bytes}>>>(c);
}
`;

  it("compares with each target's opt-in maximum, counting a limit reached as fitting", () => {
    expect(check("k.cu", gemm("96 * 1024"), "t4")).toHaveLength(1);
    expect(check("k.cu", gemm("96 * 1024"), "v100")).toHaveLength(0);
    expect(check("k.cu", gemm("64 * 1024"), "t4")).toHaveLength(0);
    expect(check("k.cu", gemm("64 * 1024"), "p100")).toHaveLength(1);
    expect(check("k.cu", gemm("163 * 1024"), "a100")).toHaveLength(0);
    expect(check("k.cu", gemm("200 * 1024"), "a100")).toHaveLength(1);
  });

  it("reports the launch when no opt-in call of the same kernel was reported, with the numbers", () => {
    const [finding, ...rest] = check("k.cu", "__global__ void k(float* c) { __shared__ float t[64]; }\nvoid run() { k<<<1, 128, 64 * 1024>>>(c); }\n", "t4");
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      "`k` is launched with 65536 B (64 KiB) of dynamic shared memory (`64 * 1024`), plus 256 B of static `__shared__` arrays in `k`: 65792 B in all, more than Tesla T4 (compute capability 7.5) gives one block (65536 B, 64 KiB): the launch fails with cudaErrorInvalidValue (\"invalid argument\").",
    );
    expect(finding!.hint).toContain("Make `k` need at most 65536 B on this GPU");
    expect(finding!.sourceLine).toContain("k<<<1, 128, 64 * 1024>>>");
  });

  it("suggests a concrete value for one of the constants the size is built from", () => {
    const [finding] = check("k.cu", `#define STAGES 3\n#define TILE 128\n${gemm("STAGES * TILE * TILE * 2")}`, "t4");
    expect(finding!.message).toContain("(`STAGES * TILE * TILE * 2`, from `STAGES` = 3, `TILE` = 128)");
    expect(finding!.hint).toContain("Lower what the size is computed from (`STAGES`, `TILE`)");
    expect(finding!.hint).toContain("for example, `STAGES` = 2 needs 65536 B");
  });

  it("hints on the hint fixtures where the limit is below an A100's, and only there", () => {
    const dir = `${FIXTURES_DIR}cuda-shared-memory/`;
    for (const file of readdirSync(dir).filter((f) => f.startsWith("hint-"))) {
      const text = readFileSync(dir + file, "utf8");
      const path = `case.${file.split(".").pop()}`;
      for (const target of ["t4", "p100", "k80"]) expect(check(path, text, target).length, `${file} on ${target}`).toBeGreaterThan(0);
      expect(check(path, text, "a100"), file).toEqual([]);
    }
  });

  it("reads the driver API's opt-in call", () => {
    const text = "void f(CUfunction fn) { cuFuncSetAttribute(fn, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, 100 * 1024); }";
    const [finding] = check("k.cu", text, "t4");
    expect(finding!.message).toMatch(/^`cuFuncSetAttribute` lets the kernel use 102400 B \(100 KiB\)/);
  });

  it("reads implicitly concatenated string literals and tuples of them", () => {
    const python = `import torch.utils.cpp_extension as ext\next.load_inline("k", "", ("#define N (96 * 1024)\\n" "void f() {", " k<<<1, 1, N>>>(); }"))\n`;
    const [finding] = check("k.py", python, "t4");
    expect(python.split("\n")[1]!.slice(finding!.start.column - 1, finding!.end.column - 1)).toBe("k<<<1, 1, N>>>");
  });

  it("reads load_inline sources at their place in the Python file", () => {
    const python = `from torch.utils.cpp_extension import load_inline\nsrc = """\n${gemm("96 * 1024")}"""\nm = load_inline("k", "", cuda_sources=src)\n`;
    const [finding] = check("k.py", python, "t4");
    expect(finding!.sourceLine).toBe("  cudaFuncSetAttribute(k, cudaFuncAttributeMaxDynamicSharedMemorySize, 96 * 1024);");
    expect(finding!.start).toEqual({ line: 5, column: 3 });
  });
});
