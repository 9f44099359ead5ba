import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, copyFixture, tempDir } from "./cli-helpers.js";

// A repo whose only launch command is in its README, as tatsu-lab/stanford_alpaca ships it.
const README = [
  "# Alpaca-style fine-tuning",
  "",
  "Replace `<your_random_port>` with a port of your own.",
  "",
  "```bash",
  "torchrun --nproc_per_node=4 --master_port=<your_random_port> train.py \\",
  "    --model_name_or_path <your_path_to_llama> \\",
  "    --bf16 True \\",
  "    --output_dir <your_output_dir>",
  "```",
  "",
].join("\n");

function repo(): string {
  const dir = tempDir("gpu-compat-readme-");
  writeFileSync(join(dir, "README.md"), README);
  writeFileSync(join(dir, "train.py"), "print('train')\n");
  mkdirSync(join(dir, "notes"));
  writeFileSync(join(dir, "notes", "history.md"), "```bash\naccelerate launch --mixed_precision bf16 train.py\n```\n");
  return dir;
}

describe("launch commands in a README", () => {
  it("`check` reports them as hints on the README's lines and exits 1", () => {
    const run = cli(["check", ".", "--target", "t4", "--output-format", "full"], { cwd: repo() });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^README\.md:6:10: info\[launcher-gpu-count\]/m);
    expect(run.stdout).toMatch(/^README\.md:8:5: info\[trainer-bf16\]/m);
    expect(run.stdout).toContain("Not rewritten: it is documentation");
    expect(run.stdout).not.toContain("history.md");
  });

  it("`fix` writes no README, and refuses it as the report's path", () => {
    const dir = repo();
    const run = cli(["fix", dir, "--target", "t4", "--report", join(dir, "gpu-compat-report.md")]);
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe(README);
    expect(readFileSync(join(dir, "gpu-compat-report.md"), "utf8")).toContain("README.md");
    const refused = cli(["fix", dir, "--target", "t4", "--report", join(dir, "README.md")]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("is a source file this run reads");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe(README);
  });
});

// The report a Kaggle user opens after `fix`: Markdown by default, HTML with `--report x.html`, the same content.
describe("the report of a fixed sample, in Markdown and HTML", () => {
  const repo = copyFixture("kaggle-llm-finetune");
  const cwd = join(repo, "..");
  const out = tempDir("gpu-compat-reports-");
  const first = cli(["fix", "kaggle-llm-finetune", "--target", "kaggle-t4x2", "--report", join(out, "report.md")], { cwd });
  // The same run again (the first rewrote the files), on a fresh copy, for the HTML page.
  const again = copyFixture("kaggle-llm-finetune");
  const html = cli(["fix", again, "--target", "kaggle-t4x2", "--report", join(out, "page.html")], { cwd: join(again, "..") });
  const md = readFileSync(join(out, "report.md"), "utf8");
  const page = readFileSync(join(out, "page.html"), "utf8");

  it("opens with the verdict, then what is left to do with each place linked", () => {
    expect(first.status).toBe(0);
    expect(md.split("\n")[2]).toBe('**3 steps left for you** on kaggle-t4x2: 10 of 13 findings were fixed; what is left (1 warning, 2 info) is under "Still to do".');
    const todo = md.slice(md.indexOf("## Still to do"), md.indexOf("## Why, rule by rule")).split("\n").filter((line) => line.startsWith("- [ ] "));
    expect(todo.map((line) => /^- \[ \] \[`([^`]+)`\]\(([^)]+)\)/.exec(line)!.slice(1))).toEqual([
      ["infer.py:10", `${relative(out, repo)}/infer.py#L10`],
      ["train.py:14", `${relative(out, repo)}/train.py#L14`],
      ["train.py:15", `${relative(out, repo)}/train.py#L15`],
    ]);
  });

  it("names the root relative to the working directory, and no absolute path of this machine", () => {
    expect(md).toContain("- Root: `kaggle-llm-finetune`");
    expect(md).not.toContain(tmpdir());
    expect(page).not.toContain(tmpdir());
  });

  it("explains each rule once", () => {
    expect(md.match(/^### \[`flash-attention-2`\]/gm)).toHaveLength(1);
    expect(md.split("FlashAttention-2 needs an Ampere or newer GPU").length - 1).toBe(1);
  });

  it("writes an HTML page for `--report x.html`, with the same verdict, loading nothing", () => {
    expect(html.status).toBe(0);
    expect(html.stdout).toContain(`Report written to ${join(out, "page.html")}`);
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<p id="verdict" class="verdict todo"><strong>3 steps left for you</strong>');
    expect(page.match(/<li><input type="checkbox" disabled>/g)).toHaveLength(3);
    expect(page).toContain('<span class="add">+        fp16=True,</span>');
    expect(page).not.toMatch(/<script|<link|<img|src=/i);
    for (const url of page.match(/https?:\/\/[^"'\s<)]+/g) ?? []) expect(url).toMatch(/^https:\/\/github\.com\/gpu-compat\/gpu-compat\/blob\/v\d+\.\d+\.\d+\/packages\/rules\/docs\/[a-z0-9-]+\.md$/);
  });
});
