import { keywordValue, namedChildrenOf, normalizeProjectName, stringValue, type RequirementsSource, type SyntaxNode } from "@gpu-compat/python";
import type { ShellSource } from "@gpu-compat/shell";
import { formatComputeCapability, meets, type Target } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { cudaBaseImages, isDockerfile } from "../shared/docker-images.js";
import { gpuLabel } from "../shared/messages.js";
import type { DocumentRuleContext, PythonRuleContext, RuleContextBase } from "../types.js";

/**
 * The first PyTorch release whose default CUDA wheels have no kernels for the target: 2.8 below compute capability
 * 7.0 (its CUDA 12.8 builds dropped Maxwell and Pascal, pytorch#157517), 2.11 for Volta (its CUDA 12.8 builds dropped
 * sm_70 and its CUDA 13 builds never had it, pytorch#175253).
 */
export function firstReleaseWithout(target: Target): readonly [number, number] {
  return meets(target, "torch28Wheels") ? [2, 11] : [2, 8];
}

// CUDA builds that still carry the old architectures (Maxwell to Volta): a `+cu126` local version or the cu126 index.
const OLD_CUDA_BUILD = /cu1(?:1\d|2[0-6])\b/;

/** `import torch` / `from torch... import` at the start of a line (in a notebook's JSON, at the start of a source string). */
const IMPORTS_TORCH = /(?:^|")[ \t]*(?:import[ \t]+torch\b|from[ \t]+torch\b)/m;

/** Files whose text can install PyTorch: where a repo may already pick an older build. */
const INSTALL_FILES = [".py", ".ipynb", ".sh", ".txt", ".toml", ".cfg", ".yml", ".yaml", ".md", "Dockerfile"];

/** Platforms whose image comes with a PyTorch already installed: Kaggle's (a CUDA 12.8 build, Kaggle/kaggle-cli#1151). */
function preinstalledTorch(target: Target): boolean {
  return target.platform?.id.startsWith("kaggle-") ?? false;
}

export const torchWheelArch = defineRule({
  id: "torch-wheel-arch",
  title: "PyTorch from wheels without kernels for the GPU",
  category: "platform",
  severity: "error",
  fixable: "never",
  lacks: "currentTorchWheels",
  triggers: ["install_requires", "torch"],
  checks: {
    shell: {
      triggers: ["pytorch/pytorch"],
      run(context) {
        if (isDockerfile(context.path)) checkPytorchImages(context);
      },
    },
    requirements: {
      triggers: ["torch"],
      run(context) {
        const { document } = context;
        if (OLD_CUDA_BUILD.test(document.text)) return; // An index URL or local version picks a build that has them.
        for (const requirement of document.find("torch")) {
          const written = document.text.slice(requirement.start, requirement.end);
          if (report(context, requirement.start, requirement.end, requirement.specifier, written)) continue;
          if (allowsNewest(requirement.specifier, firstReleaseWithout(context.target)) && isProjectAnchor(context, "requirements")) {
            reportUnpinned(context, requirement.start, requirement.end, written);
          }
        }
      },
    },
    python: {
      run(context) {
        for (const node of context.source.occurrences("install_requires")) checkSetupCall(context, node);
        if (preinstalledTorch(context.target) && isProjectAnchor(context, "python")) checkFirstImport(context);
      },
    },
  },
});

/** `FROM pytorch/pytorch:2.8.0-cuda12.8-cudnn9-runtime`: the image's torch is that release's build for that CUDA. */
function checkPytorchImages(context: DocumentRuleContext<ShellSource>): void {
  const first = firstReleaseWithout(context.target);
  for (const image of cudaBaseImages(context.document)) {
    // CUDA 12.6 and older builds keep Maxwell to Volta; 12.8 and newer are the builds without them.
    if (!image.torch || compare(image.torch, first) < 0 || compare(image.cuda, [12, 8]) < 0) continue;
    context.report({
      start: image.start,
      end: image.end,
      message: `\`${image.image}\` carries PyTorch ${image.torch.join(".")} built for CUDA ${image.cuda.join(".")}, which has no kernels for ${gpuLabel(context.target)}: every CUDA call fails with "no kernel image is available for execution on the device".`,
      hint: meets(context.target, "torchCu126Wheels")
        ? `Use a \`-cuda12.6-\` tag of the same release if there is one, or a release before ${first.join(".")}; or install the CUDA 12.6 build in the image: \`RUN pip install torch torchvision torchaudio --index-url https://download.pytorch.org/whl/cu126\`.`
        : installHint(context.target),
    });
  }
}

/** `setup(install_requires=["torch>=2.8", ...])` in a setup.py. */
function checkSetupCall(context: PythonRuleContext, name: SyntaxNode): void {
  const argument = name.parent;
  if (argument?.type !== "keyword_argument" || argument.childForFieldName("name")?.startIndex !== name.startIndex) return;
  const call = argument.parent?.parent;
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  const callee = fn && context.source.imports.qualifiedName(fn);
  if (!callee || !/(^|\.)setup$/.test(callee)) return; // setuptools.setup / distutils setup
  const list = keywordValue(argument);
  if (list?.type !== "list") return;
  for (const item of namedChildrenOf(list)) {
    const value = stringValue(item);
    if (value === null || OLD_CUDA_BUILD.test(value)) continue;
    const match = /^\s*([A-Za-z0-9._-]+)\s*(.*)$/.exec(value);
    if (match && normalizeProjectName(match[1]!) === "torch") report(context, item.startIndex, item.endIndex, match[2]!.split(";")[0]!, value.trim());
  }
}

/**
 * Whether this file is where the project-wide finding goes, so that a repo gets it once: the first dependency file
 * at the root that names torch; without one (on a platform with a preinstalled torch), the first notebook, else the
 * first script, that imports torch. A repo that installs an older build anywhere (the cu126 index, `torch==2.7.1`)
 * gets nothing. Without project facts (one text alone), the text is the project.
 */
function isProjectAnchor(context: RuleContextBase, kind: "requirements" | "python"): boolean {
  const { project, path } = context;
  const older = olderInstall(firstReleaseWithout(context.target));
  if (!project.dependencyFile || !project.firstFileMatching) {
    const text = textOf(context);
    return (kind === "requirements" || IMPORTS_TORCH.test(text)) && !older.test(text);
  }
  const dependencyFile = project.dependencyFile("torch");
  const anchor = kind === "requirements" ? dependencyFile : dependencyFile === undefined ? (project.firstFileMatching(IMPORTS_TORCH, [".ipynb"]) ?? project.firstFileMatching(IMPORTS_TORCH, [".py"])) : undefined;
  if (anchor === undefined || anchor !== path) return false;
  return project.firstFileMatching(older, INSTALL_FILES) === undefined;
}

function textOf(context: RuleContextBase): string {
  if ("source" in context) return (context as PythonRuleContext).source.text;
  return "document" in context ? (context as DocumentRuleContext<RequirementsSource>).document.text : "";
}

/** An install of a build that has the GPU's kernels: the cu126 (or older) index, or a torch pinned below `first`. */
function olderInstall(first: readonly [number, number]): RegExp {
  const minors = Array.from({ length: first[1] }, (_, i) => String(i)).join("|");
  return new RegExp(`download\\.pytorch\\.org/whl/cu1(?:1\\d|2[0-6])\\b|\\btorch\\s*(?:==|<=)\\s*(?:1\\.|2\\.(?:${minors})\\b)|\\btorch\\s*<\\s*${first[0]}\\.${first[1]}\\b`);
}

/** The first `import torch` of the file the project's finding goes to. */
function checkFirstImport(context: PythonRuleContext): void {
  const statement = context.source.imports.statements.find((node) => /^(?:import\s+torch\b|from\s+torch\b)/.test(node.text));
  if (!statement) return;
  reportUnpinned(context, statement.startIndex, statement.endIndex);
}

/** Reports a torch requirement (`requirement` as written) when its `specifier` allows only releases without the GPU. */
function report(context: RuleContextBase, start: number, end: number, specifier: string, requirement: string): boolean {
  const first = firstReleaseWithout(context.target);
  const floor = lowestAllowedVersion(specifier);
  if (!floor || compare(floor, first) < 0) return false; // Older releases can still be installed.
  context.report({
    start,
    end,
    message: `\`${requirement}\` installs PyTorch ${first.join(".")}+ from PyPI, whose CUDA wheels have no kernels for ${gpuLabel(context.target)}: every CUDA call fails with "no kernel image is available for execution on the device".`,
    hint: installHint(context.target),
  });
  return true;
}

/** The project's one finding when nothing picks a build with the GPU's kernels; `written`: the requirement, if any. */
function reportUnpinned(context: RuleContextBase, start: number, end: number, requirement?: string): void {
  const { target } = context;
  const first = firstReleaseWithout(target).join(".");
  const gpu = gpuLabel(target);
  const fails = `every CUDA call fails with "no kernel image is available for execution on the device"`;
  const platform = preinstalledTorch(target) ? target.platform!.name : undefined;
  const message = platform
    ? requirement
      ? `\`${requirement}\` is met by the PyTorch that ${platform} comes with, so pip keeps it, and that build (CUDA 12.8) has no kernels for ${gpu}: ${fails}.`
      : `Nothing in this project installs PyTorch, and the build that ${platform} comes with (CUDA 12.8) has no kernels for ${gpu}: ${fails}.`
    : `\`${requirement}\` lets pip install the newest PyTorch, and its default CUDA wheels (${first} and later) have no kernels for ${gpu}: ${fails}.`;
  context.report({ start, end, message, hint: installHint(target), ...(platform ? {} : { severity: "warning" as const }) });
}

/** How to get a build with the GPU's kernels. */
function installHint(target: Target): string {
  const cc = formatComputeCapability(target);
  const first = firstReleaseWithout(target).join(".");
  if (!meets(target, "torchCu126Wheels")) {
    return `Compute capability ${cc} needs a much older PyTorch build; check the PyTorch CUDA support matrix for the last release that includes it.`;
  }
  const install = "pip install torch torchvision torchaudio --index-url https://download.pytorch.org/whl/cu126";
  if (preinstalledTorch(target)) {
    return `In the notebook's first cell, before anything imports torch (internet on), install PyTorch's CUDA 12.6 build, which keeps compute capability ${cc}: \`!${install}\`; or pin \`torch<${first}\`.`;
  }
  return `Install PyTorch's CUDA 12.6 build, which keeps compute capability ${cc}: \`${install}\`; or pin \`torch<${first}\`.`;
}

/** Whether a specifier lets pip take a release from `first` on: no upper bound (`<`, `<=`, `==`, `~=`) below it. */
export function allowsNewest(specifier: string, first: readonly number[]): boolean {
  for (const clause of specifier.split(",")) {
    const match = /^\s*(===|==|<=|<|~=)\s*v?(\d+(?:\.\d+)*)(\.\*)?/.exec(clause);
    if (!match) continue;
    const version = match[2]!.split(".").map(Number);
    const [op] = [match[1]!];
    if (op === "<" && compare(version, first) <= 0) return false;
    if ((op === "<=" || op === "==" || op === "===") && compare(version, first) < 0) return false;
    // `~=2.7.0` allows 2.7.*, `~=2.7` allows 2.*: the bound is the version without its last part, plus one.
    if (op === "~=" && version.length > 1 && compare([...version.slice(0, -2), version.at(-2)! + 1], first) <= 0) return false;
  }
  return true;
}

/** The lowest version a specifier allows (`==2.8.0`, `>=2.8,<3`, `~=2.9`), or undefined when it has no floor. */
export function lowestAllowedVersion(specifier: string): number[] | undefined {
  let floor: number[] | undefined;
  for (const clause of specifier.split(",")) {
    const match = /^\s*(===|==|>=|~=|>)\s*v?(\d+(?:\.\d+)*)/.exec(clause);
    if (!match) continue;
    const version = match[2]!.split(".").map(Number);
    if (!floor || compare(version, floor) > 0) floor = version;
  }
  return floor;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
