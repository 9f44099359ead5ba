import { describe, expect, it } from "vitest";
import {
  ccNumber,
  computeCapabilityOf,
  describeTarget,
  editDistance,
  formatComputeCapability,
  formatTargetsTable,
  GPUS,
  isCudaTarget,
  listTargets,
  meets,
  minimumCapability,
  requiredCapability,
  resolveTarget,
  supports,
  targetNames,
  totalMemoryGiB,
  UnknownTargetError,
} from "../src/index.js";

function errorOf(name: string): UnknownTargetError {
  try {
    resolveTarget(name);
  } catch (error) {
    expect(error).toBeInstanceOf(UnknownTargetError);
    return error as UnknownTargetError;
  }
  throw new Error(`'${name}' resolved`);
}

describe("GPU profiles", () => {
  // docs/gpu-facts.md, "Profiles": id, compute capability, shared memory per block in KB.
  const expected: Array<[string, string, number]> = [
    ["k80", "3.7", 48],
    ["p100", "6.0", 48],
    ["p4", "6.1", 48],
    ["v100", "7.0", 96],
    ["v100-32", "7.0", 96],
    ["t4", "7.5", 64],
    ["a100-40", "8.0", 163],
    ["a100-80", "8.0", 163],
    ["a10g", "8.6", 99],
    ["rtx3090", "8.6", 99],
    ["a5000", "8.6", 99],
    ["a6000", "8.6", 99],
    ["l4", "8.9", 99],
    ["h100", "9.0", 227],
  ];

  it.each(expected)("%s has cc %s and %d KB shared memory", (id, cc, smemKB) => {
    const target = resolveTarget(id);
    expect(target.gpu.id).toBe(id);
    expect(formatComputeCapability(target)).toBe(cc);
    expect(target.gpu.maxSharedMemoryPerBlock).toBe(smemKB * 1024);
  });

  it("lists exactly the profiles of docs/gpu-facts.md", () => {
    expect(GPUS.map((g) => g.id).sort()).toEqual(expected.map(([id]) => id).sort());
  });

  it("has shared memory in bytes as in the CUDA guide", () => {
    expect(resolveTarget("a100").gpu.maxSharedMemoryPerBlock).toBe(166912);
    expect(resolveTarget("h100").gpu.maxSharedMemoryPerBlock).toBe(232448);
    expect(resolveTarget("l4").gpu.maxSharedMemoryPerBlock).toBe(101376);
  });

  it("has usable memory below the box label", () => {
    expect(resolveTarget("t4").gpu.memoryGiB).toBe(15);
    expect(resolveTarget("k80").gpu.memoryGiB).toBeCloseTo(11.4);
    expect(resolveTarget("v100").gpu.memoryGiB).toBeLessThan(16);
    expect(resolveTarget("v100-32").gpu.memoryGiB).toBeLessThan(32);
    expect(resolveTarget("a100-40").gpu.memoryGiB).toBeLessThan(40);
    for (const gpu of GPUS) expect(gpu.memoryGiB).toBeGreaterThan(7);
  });
});

describe("features", () => {
  it("follow compute capability", () => {
    const t4 = resolveTarget("t4");
    expect(supports(t4, "bf16")).toBe(false);
    expect(supports(t4, "tf32")).toBe(false);
    expect(supports(t4, "flashAttention2")).toBe(false);
    expect(supports(t4, "fp16TensorCores")).toBe(true);
    expect(supports(t4, "triton")).toBe(true);

    const a100 = resolveTarget("a100");
    expect(supports(a100, "bf16")).toBe(true);
    expect(supports(a100, "tf32")).toBe(true);
    expect(supports(a100, "flashAttention2")).toBe(true);
    expect(supports(a100, "fp8")).toBe(false);

    expect(supports(resolveTarget("p100"), "triton")).toBe(false);
    expect(supports(resolveTarget("k80"), "triton")).toBe(false);
    expect(supports(resolveTarget("p100"), "fp16TensorCores")).toBe(false);
    expect(supports(resolveTarget("v100"), "triton")).toBe(true);
    expect(supports(resolveTarget("v100").gpu, "bf16")).toBe(false);
    expect(supports(resolveTarget("l4"), "fp8")).toBe(true);
    expect(supports(resolveTarget("h100"), "fp8")).toBe(true);
  });

  it("are consistent with cc on every GPU", () => {
    for (const gpu of GPUS) {
      const cc = computeCapabilityOf(gpu);
      expect(gpu.features.bf16, gpu.id).toBe(cc >= 8);
      expect(gpu.features.fp8, gpu.id).toBe(cc >= 8.9);
      expect(gpu.features.triton, gpu.id).toBe(cc >= 7);
    }
  });

  it("number and format helpers", () => {
    expect(ccNumber({ major: 7, minor: 5 })).toBe(7.5);
    expect(computeCapabilityOf(resolveTarget("t4x2"))).toBe(7.5);
    expect(formatComputeCapability(resolveTarget("p100"))).toBe("6.0");
    expect(totalMemoryGiB(resolveTarget("t4x2"))).toBe(30);
    expect(totalMemoryGiB(resolveTarget("t4"))).toBe(15);
  });
});

describe("resolveTarget", () => {
  it("reads count suffixes", () => {
    expect(resolveTarget("t4x2")).toMatchObject({ name: "t4x2", count: 2, gpu: { id: "t4" } });
    expect(resolveTarget("a100x8")).toMatchObject({ name: "a100-80x8", count: 8, gpu: { id: "a100-80" } });
    expect(resolveTarget("a100-80x8")).toMatchObject({ name: "a100-80x8", count: 8 });
    expect(resolveTarget("a100-40x4")).toMatchObject({ count: 4, gpu: { id: "a100-40" } });
    expect(resolveTarget("v100x16").count).toBe(16);
    expect(resolveTarget("t4x1")).toMatchObject({ name: "t4", count: 1 });
    expect(resolveTarget("rtx3090")).toMatchObject({ count: 1, gpu: { id: "rtx3090" } });
    expect(resolveTarget("rtx3090x2")).toMatchObject({ count: 2, gpu: { id: "rtx3090" } });
  });

  it("resolves aliases", () => {
    expect(resolveTarget("a100").gpu.id).toBe("a100-80");
    expect(resolveTarget("v100").gpu.id).toBe("v100");
    expect(resolveTarget("v100").gpu.memoryGiB).toBeLessThan(16);
    expect(resolveTarget("3090").gpu.id).toBe("rtx3090");
    expect(resolveTarget("rtx-3090x4")).toMatchObject({ name: "rtx3090x4", count: 4 });
  });

  it("is case-insensitive and trims", () => {
    expect(resolveTarget("  T4X2 ")).toMatchObject({ name: "t4x2", count: 2 });
    expect(resolveTarget("A100-80").gpu.id).toBe("a100-80");
    expect(resolveTarget("Kaggle-P100").platform?.id).toBe("kaggle-p100");
  });

  it("resolves platform aliases", () => {
    const kaggle = resolveTarget("kaggle-t4x2");
    expect(kaggle).toMatchObject({ name: "kaggle-t4x2", count: 2, gpu: { id: "t4" } });
    expect(kaggle.platform).toMatchObject({ cpus: 4, ramGiB: 29 });
    expect(kaggle.platform?.notes.join(" ")).toContain("docker-python#377");
    // Users read these notes: only verified facts, none marked "to verify".
    for (const name of ["kaggle-t4x2", "kaggle-p100", "kaggle-tpu-v3-8", "colab-t4"]) expect(resolveTarget(name).platform?.notes.join(" ")).not.toMatch(/to verify/i);
    expect(resolveTarget("kaggle-p100")).toMatchObject({ count: 1, gpu: { id: "p100" }, platform: { cpus: 4 } });
    expect(resolveTarget("colab-t4")).toMatchObject({ count: 1, gpu: { id: "t4" }, platform: { cpus: 2, ramGiB: 12.7 } });
  });

  it("resolves the report-only TPU platform: eight 16 GiB cores, bf16 native, no CUDA", () => {
    const tpu = resolveTarget("kaggle-tpu-v3-8");
    expect(tpu).toMatchObject({ count: 8, gpu: { id: "tpu-v3", arch: "TPU", memoryGiB: 16 }, platform: { cpus: 96 } });
    expect(tpu.reportOnly).toMatch(/report-only/);
    expect(isCudaTarget(tpu)).toBe(false);
    expect(supports(tpu, "bf16")).toBe(true);
    expect(supports(tpu, "flashAttention2") || supports(tpu, "triton")).toBe(false);
    expect(describeTarget(tpu)).toBe("8 x TPU v3 core (not a CUDA device, 16 GiB each) on Kaggle TPU v3-8");
    expect(() => resolveTarget("tpu-v3")).toThrow(UnknownTargetError); // reachable only through the platform
    expect(resolveTarget("kaggle-p100").reportOnly).toBeUndefined();
  });

  it("suggests the closest name", () => {
    const t5 = errorOf(" t5 ");
    expect(t5.input).toBe("t5");
    expect(t5.suggestion).toBe("t4");
    expect(t5.message).toMatch(/^Unknown target 't5'\. Did you mean 't4'\? Valid targets: k80, p100/);
    expect(t5.validNames).toEqual(targetNames());
    // a10g and the alias a100 are both one edit away; GPU ids come first in targetNames, so a10g wins.
    expect(errorOf("a10").suggestion).toBe("a10g");
    expect(errorOf("t5x2").suggestion).toBe("t4x2");
    expect(errorOf("kagle-t4x2").suggestion).toBe("kaggle-t4x2");
  });

  it("suggests nothing for names far from every target", () => {
    const error = errorOf("tpu-v3-8");
    expect(error.suggestion).toBeUndefined();
    expect(error.message).not.toContain("Did you mean");
    expect(() => resolveTarget("")).toThrow(UnknownTargetError);
  });

  it("rejects bad counts", () => {
    for (const name of ["t4x0", "t4x99", "a100x17"]) {
      const error = errorOf(name);
      expect(error.message).toMatch(/^Bad GPU count \d+ in '.*': use 1 to 16\./);
      expect(error.input).toBe(name);
    }
    expect(errorOf("kaggle-t4x2x2").message).toContain("fixed set of GPUs");
  });
});

describe("listing", () => {
  it("targetNames covers ids, aliases and platforms, all resolvable", () => {
    const names = targetNames();
    for (const name of ["t4", "a100", "a100-80", "v100-32", "kaggle-t4x2", "colab-t4"]) expect(names).toContain(name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(() => resolveTarget(name)).not.toThrow();
  });

  it("listTargets has a row per GPU and per platform", () => {
    const rows = listTargets();
    expect(rows.filter((r) => r.kind === "gpu")).toHaveLength(GPUS.length);
    expect(rows.find((r) => r.name === "a100-80")?.aliases).toContain("a100");
    expect(rows.find((r) => r.name === "kaggle-t4x2")?.target.count).toBe(2);
  });

  it("formats a table that fits in 100 columns", () => {
    const table = formatTargetsTable();
    for (const line of table.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
    expect(table).toMatch(/^t4 +Tesla T4 +Turing +7\.5 +15 +64 +- +- +- +yes +-$/m);
    expect(table).toMatch(/^h100 .* yes +yes +yes +yes +yes$/m);
    expect(table).toContain("kaggle-t4x2");
    expect(table).toContain("a100 = a100-80");
    expect(table).toMatch(/^[\x20-\x7e\n]*$/); // ASCII only
  });

  it("describes a target in one line", () => {
    expect(describeTarget(resolveTarget("kaggle-t4x2"))).toBe(
      "2 x Tesla T4 (Turing, compute capability 7.5, 15 GiB each) on Kaggle GPU T4 x2",
    );
    expect(describeTarget(resolveTarget("p100"))).toBe("1 x Tesla P100 (Pascal, compute capability 6.0, 15.9 GiB)");
  });

  it("edit distance", () => {
    expect(editDistance("t5", "t4")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});

describe("requiredCapability", () => {
  it("gives the capability each feature and library needs, as messages write it", () => {
    expect(requiredCapability("bf16")).toBe("8.0");
    expect(requiredCapability("fp8")).toBe("8.9");
    expect(requiredCapability("triton")).toBe("7.0");
    expect(requiredCapability("bitsandbytesInt8Matmul")).toBe("7.5");
    expect(minimumCapability("flashAttention2")).toEqual({ major: 8, minor: 0 });
  });

  it("agrees with each GPU's features", () => {
    for (const gpu of GPUS) {
      for (const [feature, present] of Object.entries(gpu.features)) expect(meets(gpu, feature as keyof typeof gpu.features), `${gpu.id} ${feature}`).toBe(present);
    }
    expect(meets(resolveTarget("t4"), "bitsandbytesInt8Matmul")).toBe(true);
    expect(meets(resolveTarget("v100"), "bitsandbytesInt8Matmul")).toBe(false);
  });
});
