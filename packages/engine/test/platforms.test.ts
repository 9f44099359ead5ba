import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kindOfPath, runProject } from "@gpu-compat/engine";
import { resolveTarget } from "@gpu-compat/targets";
import { describe, expect, it } from "vitest";
import { writeTree } from "./tree.js";

describe("Dockerfiles", () => {
  it("are told from their names", () => {
    for (const path of ["Dockerfile", "docker/Dockerfile.cuda", "Dockerfile_amd", "Dockerfile-cpu", "train.Dockerfile", "dockerfile", "Dockerfile.rocm.ubi"]) expect(kindOfPath(path), path).toBe("dockerfile");
    for (const path of ["Dockerfile.dockerignore", "docs/Dockerfile.md", "dockerfiles/run.sh"]) expect(kindOfPath(path), path).not.toBe("dockerfile");
  });

  it("get the arch list fixed in place, every other byte kept (CRLF-free, heredoc and exec forms included)", async () => {
    const dockerfile = [
      "# syntax=docker/dockerfile:1",
      "FROM nvidia/cuda:12.4.1-devel-ubuntu22.04",
      'ENV TORCH_CUDA_ARCH_LIST="6.1;8.0;9.0"',
      "RUN <<EOF",
      "pip install -e .",
      "EOF",
      'CMD ["python", "-m", "serve", "--dtype", "bfloat16"]',
      "",
    ].join("\n");
    const root = writeTree({ Dockerfile: dockerfile });
    const result = await runProject({ root, target: resolveTarget("t4"), mode: "fix" });
    expect(result.diagnostics).toEqual([]);
    expect(readFileSync(join(root, "Dockerfile"), "utf8")).toBe(dockerfile.replace('"6.1;8.0;9.0"', '"6.1;7.5;8.0;9.0"'));
  });
});

describe("the report-only TPU target", () => {
  const train = [
    "import torch",
    "from torch.utils.data import DataLoader",
    "",
    'model = torch.nn.Linear(4, 4, dtype=torch.bfloat16).cuda()',
    "loader = DataLoader(range(8), batch_size=2, num_workers=128)",
    "",
  ].join("\n");

  it("writes nothing on fix, says why, keeps bf16 silent and lists the CUDA code with hints", async () => {
    const root = writeTree({ "train.py": train });
    const result = await runProject({ root, target: resolveTarget("kaggle-tpu-v3-8"), mode: "fix" });
    expect(readFileSync(join(root, "train.py"), "utf8")).toBe(train);
    expect(result.mode).toBe("check");
    expect(result.reportOnly).toContain("report-only");
    const findings = result.files.flatMap((f) => f.findings);
    expect(findings.map((f) => f.rule).sort()).toEqual(["dataloader-workers", "tpu-cuda-code"]);
    expect(findings.every((f) => !f.fixable)).toBe(true);
  });
});
