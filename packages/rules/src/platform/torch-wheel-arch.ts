import { keywordValue, namedChildrenOf, normalizeProjectName, stringValue, type SyntaxNode } from "@gpu-compat/python";
import { defineRule } from "../define.js";
import { gpuLabel } from "../shared/messages.js";
import type { PythonRuleContext, RuleContextBase } from "../types.js";

/** The first PyTorch release whose default CUDA wheels (CUDA 12.8) dropped Maxwell and Pascal (pytorch#157517). */
const FIRST_RELEASE_WITHOUT = [2, 8] as const;

// CUDA builds that still carry the old architectures: a `+cu126` local version or the cu126 index.
const OLD_CUDA_BUILD = /cu1(?:1\d|2[0-6])\b/;

export const torchWheelArch = defineRule({
  id: "torch-wheel-arch",
  title: "PyTorch pinned to wheels without kernels for the GPU",
  category: "platform",
  severity: "error",
  fixable: "never",
  lacks: "currentTorchWheels",
  triggers: ["install_requires"],
  checks: {
    requirements: {
      triggers: ["torch"],
      run(context) {
        const { document } = context;
        if (OLD_CUDA_BUILD.test(document.text)) return; // An index URL or local version picks a build that has them.
        for (const requirement of document.find("torch")) {
          report(context, requirement.start, requirement.end, requirement.specifier, document.text.slice(requirement.start, requirement.end));
        }
      },
    },
    python: {
      run(context) {
        for (const node of context.source.occurrences("install_requires")) checkSetupCall(context, node);
      },
    },
  },
});

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

/** Reports a torch requirement (`requirement` as written) when its `specifier` allows only releases without the GPU. */
function report(context: RuleContextBase, start: number, end: number, specifier: string, requirement: string): void {
  const floor = lowestAllowedVersion(specifier);
  if (!floor || compare(floor, FIRST_RELEASE_WITHOUT) < 0) return; // Older releases can still be installed.
  const { major, minor } = context.target.gpu.computeCapability;
  const pascal = major === 6;
  context.report({
    start,
    end,
    message: `\`${requirement}\` installs PyTorch ${FIRST_RELEASE_WITHOUT.join(".")}+ CUDA 12.8 wheels, which have no kernels for ${gpuLabel(context.target)}: every CUDA call fails with "no kernel image is available for execution on the device".`,
    hint: pascal
      ? `Pin \`torch<2.8\` (2.7.1 is the last release whose default wheels include compute capability ${major}.${minor}), or install 2.8+ from the CUDA 12.6 index: \`--index-url https://download.pytorch.org/whl/cu126\`.`
      : `Compute capability ${major}.${minor} needs a much older PyTorch build; check the PyTorch CUDA support matrix for the last release that includes it.`,
  });
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
