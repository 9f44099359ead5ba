import { describe, expect, it } from "vitest";
import { decodeState, encodeState } from "../src/share.js";

describe("the playground's URL fragment", () => {
  const state = { name: "notebooks/train.ipynb", target: "t4x2", source: 'import torch\nx = torch.ones(2, dtype=torch.bfloat16)  # é ✓ 😀\n'.repeat(200) };

  it("round-trips the file name, the target and the source, deflated", async () => {
    const fragment = await encodeState(state);
    expect(fragment).toMatch(/^v1\.z\.[A-Za-z0-9_-]+$/);
    expect(fragment.length).toBeLessThan(state.source.length / 10);
    expect(await decodeState(`#${fragment}`)).toEqual(state);
  });

  it("reads the uncompressed form, written where the browser has no CompressionStream", async () => {
    const json = JSON.stringify({ n: "run.sh", t: "p100", s: "accelerate launch --mixed_precision bf16 train.py\n" });
    const plain = btoa(String.fromCharCode(...new TextEncoder().encode(json))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    expect(await decodeState(`#v1.b.${plain}`)).toEqual({ name: "run.sh", target: "p100", source: "accelerate launch --mixed_precision bf16 train.py\n" });
  });

  it("holds nothing for a fragment it cannot read (none, another version, cut short, not the state)", async () => {
    const fragment = await encodeState(state);
    for (const bad of ["", "#", "#v2.z.abc", `#${fragment.slice(0, fragment.length / 2)}`, "#v1.b.e30", "#v1.b.!!"]) expect(await decodeState(bad)).toBeUndefined();
  });
});
