import { RequirementsSource } from "@gpu-compat/python";
import { describe, expect, it } from "vitest";

describe("RequirementsSource (requirements.txt)", () => {
  const text = "# comment\n-r base.txt\n--index-url https://example.invalid/simple\nTorch_Vision[extra] >= 0.20 ; python_version > '3.8'  # note\n\n  flash-attn==2.6.3\nnumpy\n";
  const source = new RequirementsSource(text, "requirements.txt");

  it("lists requirements with normalised names and their specifiers, skipping options and comments", () => {
    expect(source.requirements.map((r) => [r.name, r.specifier])).toEqual([
      ["torch-vision", ">= 0.20"],
      ["flash-attn", "==2.6.3"],
      ["numpy", ""],
    ]);
  });

  it("gives each requirement's exact range", () => {
    for (const requirement of source.requirements) {
      expect(text.slice(requirement.start, requirement.end)).toMatch(/^(Torch_Vision\[extra\] >= 0\.20|flash-attn==2\.6\.3|numpy)$/);
    }
    expect(source.find("flash_attn")).toHaveLength(1);
  });
});

describe("RequirementsSource (pyproject.toml)", () => {
  it("reads [project] dependencies and optional groups with positions", () => {
    const text = '[project]\nname = "x"\ndependencies = ["torch>=2.8", "transformers"]\n\n[project.optional-dependencies]\nfast = ["flash-attn"]\n';
    const source = new RequirementsSource(text, "pyproject.toml");
    expect(source.requirements.map((r) => r.name)).toEqual(["torch", "transformers", "flash-attn"]);
    const torch = source.find("torch")[0]!;
    expect(text.slice(torch.start, torch.end)).toBe("torch>=2.8");
  });

  it("throws on invalid TOML, which the engine reports as a diagnostic", () => {
    expect(() => new RequirementsSource("[project\n", "pyproject.toml")).toThrow();
  });
});
