import { describe, expect, it } from "vitest";
import { lowestAllowedVersion } from "../src/platform/torch-wheel-arch.js";

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
