import { describe, expect, it } from "vitest";
import { renderGithub } from "../src/index.js";
import { finding, runOf, sampleRun } from "./factories.js";

describe("renderGithub", () => {
  const lines = renderGithub(sampleRun()).trimEnd().split("\n");

  it("writes one workflow command per finding in path order, then the unhandled and skipped files, then the summary", () => {
    expect(lines).toEqual([
      "::warning file=configs/ds.yaml,line=2,endLine=2,col=3,endColumn=13,title=gpu-compat deepspeed-bf16::message of deepspeed-bf16",
      "::notice file=lib/new.py,line=1,endLine=1,col=1,endColumn=11,title=gpu-compat some-future-rule::message of some-future-rule",
      "::error file=notebooks/fine tune.ipynb,title=gpu-compat flash-attention-2::cell 3, line 4, column 30: message of flash-attention-2",
      "::notice file=train.py,line=3,endLine=3,col=1,endColumn=11,title=gpu-compat tf32::message of tf32%0AHint: Nothing breaks.%0AKeep it for Ampere.",
      "::error file=train.py,line=12,endLine=12,col=9,endColumn=19,title=gpu-compat trainer-bf16::`bf16=True` stops transformers.",
      "::warning file=train.py,line=20,endLine=22,title=gpu-compat batch-size::100%25 of 15 GiB, then more: it does not fit",
      "::error file=broken.py,title=gpu-compat::syntax error at line 2, column 5",
      "::notice file=data/big.json,title=gpu-compat::skipped: 20.0 MiB, above the 16 MiB gpu-compat reads as source",
      "Found 6 issues in 4 files (4 fixable with `gpu-compat fix`, 2 hints). 1 file had errors.",
    ]);
  });

  it("gives columns only to one-line ranges (GitHub annotations take columns on one line only)", () => {
    const batch = lines.find((line) => line.includes("batch-size"))!;
    expect(batch).toContain("line=20,endLine=22,title=");
    expect(batch).not.toContain("col=");
  });

  it("escapes % CR LF in messages and also : and , in properties, as the Actions toolkit does", () => {
    const odd = runOf([
      {
        path: "a,b:c%d.py",
        findings: [finding("a,b:c%d.py", "bf16-dtype", 1, 1, { message: "50% slower:\r\nreally, truly" })],
      },
    ]);
    expect(renderGithub(odd).split("\n")[0]).toBe(
      "::warning file=a%2Cb%3Ac%25d.py,line=1,endLine=1,col=1,endColumn=11,title=gpu-compat bf16-dtype::50%25 slower:%0D%0Areally, truly",
    );
  });

  it("puts every line of a finding on one line, so nothing of it reads as another command", () => {
    const injected = runOf([{ path: "x.py", findings: [finding("x.py", "tf32", 1, 1, { hint: "ok\n::error::not a finding" })] }]);
    const out = renderGithub(injected).trimEnd().split("\n");
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/::message of tf32%0AHint: ok%0A::error::not a finding$/);
  });

  it("prefixes paths with the checked directory, relative to the repository root", () => {
    const out = renderGithub(sampleRun(), { pathPrefix: "models/llm" });
    expect(out).toContain("::error file=models/llm/train.py,line=12,");
    expect(out).toContain("::error file=models/llm/broken.py,title=gpu-compat::");
    expect(renderGithub(sampleRun(), { pathPrefix: "." })).toBe(renderGithub(sampleRun()));
  });

  it("is the summary line alone when there is nothing to report", () => {
    expect(renderGithub(runOf([]))).toBe("No issues found.\n");
  });
});
