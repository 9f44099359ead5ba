import { describe, expect, it } from "vitest";
import { progressLine } from "../src/progress.js";

describe("progressLine", () => {
  it("stays silent when stderr is not a terminal", () => {
    const out: string[] = [];
    const progress = progressLine((t) => out.push(t), false, () => 10_000);
    progress.update(1, 2);
    progress.end();
    expect(out).toEqual([]);
  });

  it("shows nothing for short runs, then a throttled line it erases at the end", () => {
    let clock = 0;
    const out: string[] = [];
    const progress = progressLine((t) => out.push(t), true, () => clock);
    clock = 100;
    progress.update(1, 10);
    expect(out).toEqual([]);
    clock = 600;
    progress.update(2, 10);
    clock = 650;
    progress.update(3, 10); // throttled
    clock = 800;
    progress.update(10, 10);
    progress.end();
    expect(out).toEqual(["\r\x1b[Kgpu-compat: 2/10 files parsed", "\r\x1b[Kgpu-compat: 10/10 files parsed", "\r\x1b[K"]);
  });

  it("counts the files read before the files parsed", () => {
    let clock = 0;
    const out: string[] = [];
    const progress = progressLine((t) => out.push(t), true, () => clock);
    clock = 600;
    progress.update(1200, 3004, "read");
    clock = 800;
    progress.update(5, 417, "parse");
    progress.end();
    expect(out).toEqual(["\r\x1b[Kgpu-compat: 1200/3004 files read", "\r\x1b[Kgpu-compat: 5/417 files parsed", "\r\x1b[K"]);
  });
});
