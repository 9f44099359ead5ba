import { resolveTarget } from "@gpu-compat/targets";
import { describe, expect, it } from "vitest";
import { allowsNewest, firstReleaseWithout, lowestAllowedVersion } from "../src/platform/torch-wheel-arch.js";

describe("lowestAllowedVersion", () => {
  it.each([
    ["==2.8.0", [2, 8, 0]],
    [">=2.9", [2, 9]],
    ["~=2.9.0", [2, 9, 0]],
    [">=2.1,<2.8", [2, 1]],
    ["<3, >=2.8.1", [2, 8, 1]],
    ["", undefined],
    ["<2.8", undefined],
  ])("%s -> %j", (specifier, floor) => {
    expect(lowestAllowedVersion(specifier)).toEqual(floor);
  });
});

describe("allowsNewest (a release from 2.8 on)", () => {
  it.each([
    ["", true],
    [">=2.1", true],
    ["<2.9", true],
    ["~=2.7", true], // 2.*
    ["<2.8", false],
    ["<2.8.0", false],
    ["<=2.7.1", false],
    ["==2.7.1", false],
    ["==2.7.*", false],
    ["~=2.7.0", false], // 2.7.*
    [">=2.1,<2.8", false],
  ])("%s -> %s", (specifier, allows) => {
    expect(allowsNewest(specifier, [2, 8])).toBe(allows);
  });
});

describe("firstReleaseWithout", () => {
  it("is 2.8 below compute capability 7.0 and 2.11 for Volta", () => {
    expect(firstReleaseWithout(resolveTarget("p100"))).toEqual([2, 8]);
    expect(firstReleaseWithout(resolveTarget("k80"))).toEqual([2, 8]);
    expect(firstReleaseWithout(resolveTarget("v100"))).toEqual([2, 11]);
  });
});
