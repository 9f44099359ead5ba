import { loadParsers, processDocument, adapterFor, kindOfPath } from "@gpu-compat/engine";
import { rulesFor } from "@gpu-compat/rules";
import { resolveTarget } from "@gpu-compat/targets";
import { beforeAll, describe, expect, it } from "vitest";

type Parsers = Awaited<ReturnType<typeof loadParsers>>;
let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

/** The findings of every rule for the target, as `line rule`. */
function findings(path: string, text: string, target = "t4"): string[] {
  const resolved = resolveTarget(target);
  const outcome = processDocument(adapterFor(kindOfPath(path)!, parsers), path, text, { target: resolved, rules: rulesFor(resolved), mode: "check" });
  return outcome.findings.map((f) => `${f.start.line} ${f.rule}`);
}

describe("suppression comments", () => {
  const code = ["import torch", "a = torch.zeros(2, dtype=torch.bfloat16)", ""].join("\n");

  it("suppress the rules they name on their line, and the unused ones are reported", () => {
    expect(findings("m.py", code)).toEqual(["2 bf16-dtype"]);
    expect(findings("m.py", code.replace("bfloat16)", "bfloat16)  # gpu-compat: ignore[bf16-dtype]"))).toEqual([]);
    expect(findings("m.py", code.replace("bfloat16)", "bfloat16)  # gpu-compat: ignore"))).toEqual([]);
    // Names a rule that ran here and found nothing on this line: the finding stays, the comment is reported.
    expect(findings("m.py", code.replace("bfloat16)", "bfloat16)  # gpu-compat: ignore[tf32]"))).toEqual(["2 bf16-dtype", "2 unused-suppression"]);
    expect(findings("m.py", code.replace("import torch", "import torch  # gpu-compat: ignore"))).toEqual(["1 unused-suppression", "2 bf16-dtype"]);
  });

  it("at file level cover the whole file from the opening comment lines only", () => {
    const head = "#!/usr/bin/env python\n# gpu-compat: ignore-file[bf16-dtype]\n";
    expect(findings("m.py", head + code)).toEqual([]);
    expect(findings("m.py", "# gpu-compat: ignore-file\n" + code)).toEqual([]);
    expect(findings("m.py", code + "# gpu-compat: ignore-file[bf16-dtype]\n")).toEqual(["2 bf16-dtype", "3 unused-suppression"]);
  });

  it("naming a rule that does not apply to the target are left alone there", () => {
    const guarded = code.replace("bfloat16)", "bfloat16)  # gpu-compat: ignore[bf16-dtype]");
    expect(findings("m.py", guarded, "a100x8")).toEqual([]);
    expect(findings("m.py", code.replace("bfloat16)", "bfloat16)  # gpu-compat: ignore[bf16-dtpye]"))).toEqual(["2 bf16-dtype", "2 unused-suppression"]);
  });

  it("work in YAML and shell", () => {
    expect(findings("axolotl.yaml", "base_model: Qwen/Qwen2.5-0.5B\nbf16: true  # gpu-compat: ignore[trainer-bf16]\nmicro_batch_size: 2\n")).toEqual([]);
    expect(findings("run.sh", "python train.py --bf16 True  # gpu-compat: ignore\n")).toEqual([]);
    expect(findings("run.sh", "# gpu-compat: ignore-file[trainer-bf16]\npython train.py --bf16 True\n")).toEqual([]);
  });

  it("work after // in CUDA sources, and the unused ones are reported there too", () => {
    const cuda = [
      "__global__ void gemm(const float* a, float* c) { extern __shared__ float tile[]; }",
      "void run(float* a, float* c) {",
      "  cudaFuncSetAttribute(gemm, cudaFuncAttributeMaxDynamicSharedMemorySize, 98304);",
      "}",
      "",
    ].join("\n");
    expect(findings("gemm.cu", cuda)).toEqual(["3 cuda-shared-memory"]);
    expect(findings("gemm.cu", cuda.replace("98304);", "98304);  // gpu-compat: ignore[cuda-shared-memory]"))).toEqual([]);
    expect(findings("gemm.cu", "// gpu-compat: ignore-file[cuda-shared-memory]\n" + cuda)).toEqual([]);
    expect(findings("gemm.cu", cuda.replace("void run(", "void run(  // gpu-compat: ignore\n"))).toEqual(["2 unused-suppression", "4 cuda-shared-memory"]);
  });
});
