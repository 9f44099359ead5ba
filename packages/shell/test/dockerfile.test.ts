import { describe, expect, it } from "vitest";
import { dockerfileScript } from "@gpu-compat/shell";

describe("dockerfileScript", () => {
  const text = [
    "# syntax=docker/dockerfile:1",
    "ARG CUDA_VERSION=12.1.0",
    "FROM nvidia/cuda:${CUDA_VERSION}-devel-ubuntu22.04 AS build",
    'ENV TORCH_CUDA_ARCH_LIST="8.0;8.6" MAX_JOBS=4',
    "ENV LEGACY value",
    "arg NO_DEFAULT",
    "RUN --mount=type=cache,target=/root/.cache pip install -U pip && \\",
    "    # a comment Docker drops",
    '    TORCH_CUDA_ARCH_LIST="8.0" pip install flash-attn',
    'RUN ["python", "-c", "print(1)"]',
    "COPY . /app",
    "",
  ].join("\n");
  const script = dockerfileScript(text);
  const lines = script.split("\n");

  it("keeps the length and the line ends, so offsets are the file's", () => {
    expect(script.length).toBe(text.length);
    expect(lines.length).toBe(text.split("\n").length);
  });

  it("keeps RUN commands, ENV/ARG assignments and FROM lines, and blanks the rest", () => {
    expect(lines[0]!.trim()).toBe("");
    expect(lines[1]).toBe("    CUDA_VERSION=12.1.0");
    expect(lines[2]).toBe(text.split("\n")[2]);
    expect(lines[3]).toBe('    TORCH_CUDA_ARCH_LIST="8.0;8.6" MAX_JOBS=4');
    expect(lines[4]!.trim()).toBe(""); // legacy `ENV NAME value`
    expect(lines[5]!.trim()).toBe(""); // `ARG` without a default
    expect(lines[6]!.trimStart()).toBe("pip install -U pip && \\");
    expect(lines[7]!.trim()).toBe("\\"); // the comment, as a continuation
    expect(lines[8]).toBe('    TORCH_CUDA_ARCH_LIST="8.0" pip install flash-attn');
    expect(lines.slice(9).every((line) => line.trim() === "")).toBe(true); // exec form, COPY
  });

  it("blanks an instruction `keep` refuses", () => {
    expect(dockerfileScript("RUN echo ok\nRUN <<EOF\nx\nEOF\n", (s) => !s.includes("<<")).split("\n")[1]!.trim()).toBe("");
  });
});
