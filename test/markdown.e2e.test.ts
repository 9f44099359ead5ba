import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "./cli-helpers.js";

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
