import { markdownScript, markdownShellText } from "@gpu-compat/shell";
import { describe, expect, it } from "vitest";

/** The script's lines that are neither blank nor an empty comment (what prose becomes), trimmed. */
const shown = (script: string) => script.split("\n").map((line) => line.trim()).filter((line) => line !== "" && line !== "#");

describe("markdownScript", () => {
  it("keeps the bodies of shell blocks at their offsets and blanks prose, fences and other languages", () => {
    const text = [
      "# Train",
      "Run `--bf16 True` like this:",
      "```bash",
      "accelerate launch --mixed_precision bf16 train.py",
      "```",
      "```sh",
      "echo sh",
      "```",
      "```python",
      "model.to(torch.bfloat16)",
      "```",
      "``` Shell title=\"run\"",
      "echo shell",
      "```",
      "```zsh",
      "echo zsh",
      "```",
      "",
    ].join("\n");
    const script = markdownScript(text);
    expect(script.length).toBe(text.length);
    expect(script.split("\n").length).toBe(text.split("\n").length);
    expect(shown(script)).toEqual(["accelerate launch --mixed_precision bf16 train.py", "echo sh", "echo shell", "echo zsh"]);
    // Prose and fences: an empty comment the length of the line.
    expect(script.split("\n").slice(0, 3)).toEqual([" #     ", ` #${" ".repeat(26)}`, " #     "]);
    const at = text.indexOf("--mixed_precision");
    expect(script.slice(at, at + 17)).toBe("--mixed_precision");
  });

  it("reads console blocks, unlabelled blocks and prompted bash blocks as sessions: prompted lines and their continuations", () => {
    const text = [
      "```console",
      "$ torchrun --nproc_per_node 8 train.py \\",
      "    --bf16 True",
      "Loading checkpoint --bf16 shards",
      "```",
      "```",
      "$ echo untyped",
      "output",
      "```",
      "```",
      "python train.py --bf16 True",
      "```",
      "```bash",
      "  $ echo prompted",
      "echo output",
      "```",
      "",
    ].join("\n");
    const script = markdownScript(text);
    expect(script.length).toBe(text.length);
    expect(shown(script)).toEqual(["torchrun --nproc_per_node 8 train.py \\", "--bf16 True", "echo untyped", "echo prompted"]);
    expect(script.indexOf("torchrun")).toBe(text.indexOf("torchrun"));
  });

  it("follows fence lengths and characters: a shorter or other fence inside a block is its text", () => {
    const text = ["````markdown", "```bash", "echo nested", "```", "````", "~~~bash", "echo tilde", "```", "echo still", "~~~~", "echo prose", ""].join("\n");
    expect(shown(markdownScript(text))).toEqual(["echo tilde", "```", "echo still"]);
  });

  it("runs an unclosed block to the end of the file, and reads indented blocks in list items", () => {
    const text = "1. Install:\n\n    ```bash\n    pip install -e .\n    ```\n\n```sh\necho last\n";
    expect(shown(markdownScript(text))).toEqual(["pip install -e .", "echo last"]);
  });

  it("reads `<placeholder>` words as words, not redirections, and keeps CRLF line ends and astral characters' widths", () => {
    const text = "🚀 **fast**\r\n```bash\r\npython train.py --model <model_path> --out=<dir>\r\n```\r\n";
    const script = markdownScript(text);
    expect(script.length).toBe(text.length);
    expect(script.split("\r\n").length).toBe(text.split("\r\n").length);
    expect(shown(script.replace(/\r/g, ""))).toEqual(["python train.py --model _model_path_ --out=_dir_"]);
  });

  it("leaves out the blocks `keep` refuses, and a one-line ```code``` span", () => {
    const text = "```bash\necho a\n```\n```bash\necho b\n```\n```echo c```\n";
    expect(shown(markdownScript(text, (script) => !script.includes("b")))).toEqual(["echo a"]);
  });
});

describe("markdownScript suppressions", () => {
  it("reads a suppression in an HTML comment as its `#` form, of the same length", () => {
    const text = "<!-- gpu-compat: ignore-file[trainer-bf16] -->\n<!-- a note -->\n```bash\necho a\n```\n";
    const script = markdownScript(text);
    expect(script.length).toBe(text.length);
    expect(shown(script)).toEqual(["#    gpu-compat: ignore-file[trainer-bf16]", "echo a"]);
    expect(script.split("\n")[0]).toBe("#    gpu-compat: ignore-file[trainer-bf16]    ");
  });
});

describe("markdownShellText", () => {
  it("gives the shell blocks' scripts and the HTML suppressions, for the prefilter", () => {
    const text = "Use --bf16 True here.\n<!-- gpu-compat: ignore-file -->\n```bash\necho a\n```\n```python\nx = 1\n```\n~~~console\n$ echo b\nout\n~~~\n";
    expect(markdownShellText(text).split("\n").map((line) => line.trim()).filter(Boolean)).toEqual(["echo a", "echo b", "#", "# gpu-compat: ignore-file"]);
  });
});
