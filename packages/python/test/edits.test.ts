import { applyEdits, selectEditGroups, type TextEdit } from "@gpu-compat/python";
import { describe, expect, it } from "vitest";

describe("applyEdits", () => {
  it("applies edits given in any order", () => {
    const text = "hello big world";
    const edits: TextEdit[] = [
      { start: 10, end: 15, text: "there" },
      { start: 0, end: 5, text: "goodbye" },
      { start: 6, end: 10, text: "" },
    ];
    expect(applyEdits(text, edits)).toBe("goodbye there");
  });

  it("applies insertions, deletions and replacements together", () => {
    const text = "f(a, b)";
    const edits: TextEdit[] = [
      { start: 7, end: 7, text: "  # fixed" },
      { start: 3, end: 6, text: "" },
      { start: 0, end: 1, text: "g" },
    ];
    expect(applyEdits(text, edits)).toBe("g(a)  # fixed");
  });

  it("returns the text unchanged with no edits", () => {
    expect(applyEdits("x = 1\n", [])).toBe("x = 1\n");
  });

  it("accepts adjacent edits", () => {
    expect(
      applyEdits("abcdef", [
        { start: 2, end: 4, text: "X" },
        { start: 0, end: 2, text: "Y" },
        { start: 4, end: 6, text: "Z" },
      ]),
    ).toBe("YXZ");
  });

  it("throws on overlapping edits", () => {
    expect(() =>
      applyEdits("abcdef", [
        { start: 0, end: 3, text: "X" },
        { start: 2, end: 5, text: "Y" },
      ]),
    ).toThrow(/overlapping edits at offset 2/);
  });

  it("throws on an insertion inside a replaced range", () => {
    expect(() =>
      applyEdits("abcdef", [
        { start: 3, end: 3, text: "I" },
        { start: 1, end: 5, text: "R" },
      ]),
    ).toThrow(/overlapping/);
  });
});

describe("selectEditGroups", () => {
  const group = (name: string, ...edits: TextEdit[]) => ({ name, edits });
  const edit = (start: number, end: number, text = ""): TextEdit => ({ start, end, text });

  it("takes every group when nothing overlaps, in order, as the same objects", () => {
    const a = group("a", edit(0, 2));
    const b = group("b", edit(5, 6), edit(8, 8, "x"));
    const { taken, deferred } = selectEditGroups([a, b]);
    expect(taken).toEqual([a, b]);
    expect(taken[0]).toBe(a);
    expect(deferred).toEqual([]);
  });

  it("defers a group that overlaps one taken earlier", () => {
    const first = group("first", edit(0, 5, "X"));
    const second = group("second", edit(3, 8, "Y"));
    const { taken, deferred } = selectEditGroups([first, second]);
    expect(taken.map((g) => g.name)).toEqual(["first"]);
    expect(deferred.map((g) => g.name)).toEqual(["second"]);
  });

  it("takes or defers a group whole: one clashing edit defers all its edits", () => {
    const first = group("first", edit(10, 12));
    const mixed = group("mixed", edit(0, 1, "free"), edit(11, 13, "clash"));
    const later = group("later", edit(0, 1, "same spot as mixed's free edit"));
    const { taken, deferred } = selectEditGroups([first, mixed, later]);
    // "later" is taken because "mixed" (and so its edit at 0..1) was not.
    expect(taken.map((g) => g.name)).toEqual(["first", "later"]);
    expect(deferred.map((g) => g.name)).toEqual(["mixed"]);
  });

  it("defers a second insertion at the same offset", () => {
    const a = group("a", edit(4, 4, "x"));
    const b = group("b", edit(4, 4, "y"));
    const { taken, deferred } = selectEditGroups([a, b]);
    expect(taken).toEqual([a]);
    expect(deferred).toEqual([b]);
  });

  it("defers an insertion strictly inside a replaced range", () => {
    const replace = group("replace", edit(2, 6, "R"));
    const insert = group("insert", edit(4, 4, "I"));
    expect(selectEditGroups([replace, insert]).deferred).toEqual([insert]);
  });

  it("keeps adjacent edits and insertions at a range's boundary", () => {
    const middle = group("middle", edit(4, 8, "M"));
    const before = group("before", edit(0, 4, "B"));
    const after = group("after", edit(8, 10, "A"));
    const atStart = group("atStart", edit(4, 4, "<"));
    const atEnd = group("atEnd", edit(8, 8, ">"));
    const { taken, deferred } = selectEditGroups([middle, before, after, atStart, atEnd]);
    expect(taken.map((g) => g.name)).toEqual(["middle", "before", "after", "atStart", "atEnd"]);
    expect(deferred).toEqual([]);
    expect(applyEdits("0123456789", taken.flatMap((g) => g.edits))).toBe("B<M>A");
  });

  it("leaves a set of taken groups that applyEdits accepts", () => {
    const groups = [
      group("a", edit(0, 3, "A")),
      group("b", edit(2, 4, "B")),
      group("c", edit(3, 3, "C")),
      group("d", edit(3, 3, "D")),
      group("e", edit(5, 7, "E"), edit(1, 2, "e")),
    ];
    const { taken, deferred } = selectEditGroups(groups);
    expect(taken.map((g) => g.name)).toEqual(["a", "c"]);
    expect(deferred.map((g) => g.name)).toEqual(["b", "d", "e"]);
    expect(applyEdits("0123456789", taken.flatMap((g) => g.edits))).toBe("AC3456789");
  });
});
