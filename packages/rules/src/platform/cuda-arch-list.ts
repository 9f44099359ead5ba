import type { ShellSource, ShellWord } from "@gpu-compat/shell";
import { formatComputeCapability, meets, requiredCapability, type Target } from "@gpu-compat/targets";
import { defineRule } from "../define.js";
import { cudaBaseImages, isDockerfile } from "../shared/docker-images.js";
import { gpuLabel } from "../shared/messages.js";
import type { DocumentRuleContext } from "../types.js";

const ARCH_LIST = "TORCH_CUDA_ARCH_LIST";

/** One entry of an arch list: `8.6`, `8.0+PTX`. */
interface Arch {
  major: number;
  minor: number;
  ptx: boolean;
  start: number;
  end: number;
}

type ShellContext = DocumentRuleContext<ShellSource>;

export const cudaArchList = defineRule({
  id: "cuda-arch-list",
  title: "CUDA code built without the GPU's architecture",
  category: "platform",
  severity: "error",
  fixable: "sometimes",
  appliesWhen: "every target: what is built or installed must include the target's architecture",
  appliesTo: () => true,
  triggers: [ARCH_LIST, "FROM"],
  checks: {
    shell: {
      run(context) {
        for (const assignment of context.document.assignments()) {
          if (assignment.name === ARCH_LIST && !context.document.guardOf(assignment.node)) checkArchList(context, assignment.value);
        }
        if (isDockerfile(context.path)) checkBaseImages(context);
      },
    },
  },
});

/** `TORCH_CUDA_ARCH_LIST="8.0;8.6;9.0"` without an entry whose kernels run on the target. */
function checkArchList(context: ShellContext, value: ShellWord): void {
  const archs = parseArchList(value);
  if (!archs || archs.length === 0 || archs.some((arch) => runsOn(arch, context.target))) return;
  const { target } = context;
  const cc = formatComputeCapability(target);
  const written = value.value;
  const message = `\`${ARCH_LIST}="${written}"\` builds CUDA extensions only for compute capability ${archs.map(label).join(", ")}, and none of those kernels runs on ${gpuLabel(target)}: the extensions fail there with "no kernel image is available for execution on the device".`;
  const insert = insertion(value, archs, target);
  const fixed = `${written.slice(0, insert.at - value.valueStart)}${insert.text}${written.slice(insert.at - value.valueStart)}`;
  // Kernels already built for an older GPU than the target need nothing the target lacks: adding it is safe.
  const certain = archs.some((arch) => !arch.ptx && below(arch, target)) && verbatim(value);
  if (certain) {
    context.report({ start: value.start, end: value.end, message: `${message} Adding ${cc}.`, fix: [{ start: insert.at, end: insert.at, text: insert.text }] });
    return;
  }
  context.report({
    start: value.start,
    end: value.end,
    message,
    hint: `Add ${cc} to the list (\`${ARCH_LIST}="${fixed}"\`) if the extensions build for it; kernels written for compute capability ${requiredCapability("flashAttention2")} and newer (FlashAttention-2, FP8) do not, and need another code path on this GPU.${baseBuildsFor(context) ? "" : toolkitNote(target)}`,
  });
}

/** Whether the Dockerfile's CUDA base images are all of a toolkit that builds for the target (none known: false). */
function baseBuildsFor(context: ShellContext): boolean {
  if (!isDockerfile(context.path)) return false;
  const toolkits = cudaBaseImages(context.document).map((image) => image.cuda[0]);
  return toolkits.length > 0 && toolkits.every((toolkit) => !toolkitDropped(toolkit, context.target));
}

/** Whether a CUDA release (its major version) dropped the target's GPU. */
function toolkitDropped(toolkit: number, target: Target): boolean {
  return toolkit >= 13 ? !meets(target, "cuda13Toolkit") : toolkit === 12 ? !meets(target, "cuda12Toolkit") : false;
}

/** The CUDA toolkit the target's arch needs, when current ones cannot build it. */
function toolkitNote(target: Target): string {
  if (!meets(target, "cuda12Toolkit")) return ` Building for compute capability ${formatComputeCapability(target)} needs CUDA 11.x: CUDA 12 dropped Kepler.`;
  if (!meets(target, "cuda13Toolkit")) return ` Building for compute capability ${formatComputeCapability(target)} needs CUDA 12.x: CUDA 13 dropped it.`;
  return "";
}

/** Base images whose CUDA toolkit and libraries no longer support the target's GPU. */
function checkBaseImages(context: ShellContext): void {
  const { target } = context;
  for (const image of cudaBaseImages(context.document)) {
    if (image.torch) continue; // PyTorch's images: torch-wheel-arch reads which torch build they carry.
    if (!toolkitDropped(image.cuda[0], target)) continue;
    const instead = meets(target, "cuda12Toolkit") ? "a CUDA 12 tag (12.9 is the last toolkit that builds for it)" : "a CUDA 11.x tag (11.8 is the last toolkit that builds for Kepler)";
    context.report({
      start: image.start,
      end: image.end,
      severity: "warning",
      message: `\`${image.image}\` carries CUDA ${image.cuda.join(".")}, whose compiler and libraries dropped ${gpuLabel(target)}: code built or run in this image gets no kernels for it.`,
      hint: `Base the image on ${instead}, with the same variant (devel, runtime, cudnn) and OS.`,
    });
  }
}

/** The entries of a literal arch list (`8.0;8.6 9.0+PTX`); undefined when one is not a number (a name, a variable). */
function parseArchList(value: ShellWord): Arch[] | undefined {
  if (value.dynamic) return undefined;
  const archs: Arch[] = [];
  const pattern = /[^;\s]+/g;
  for (const match of value.value.matchAll(pattern)) {
    const entry = /^(\d+)\.(\d+)(\+PTX)?$/i.exec(match[0]);
    if (!entry) return undefined; // "Ampere", "All", "$ARCHS": not known here
    const start = value.valueStart + match.index;
    archs.push({ major: Number(entry[1]), minor: Number(entry[2]), ptx: entry[3] !== undefined, start, end: start + match[0].length });
  }
  return archs;
}

/**
 * Whether an entry's kernels run on the target: a cubin runs on the same major version at an equal or higher minor
 * (8.0 on 8.6, not 8.6 on 8.0); PTX is compiled by the driver for any GPU at or above its version.
 */
function runsOn(arch: Arch, target: Target): boolean {
  const { major, minor } = target.gpu.computeCapability;
  if (arch.major === major && arch.minor <= minor) return true;
  return arch.ptx && !above(arch, target);
}

function below(arch: Arch, target: Target): boolean {
  const { major, minor } = target.gpu.computeCapability;
  return arch.major < major || (arch.major === major && arch.minor < minor);
}

function above(arch: Arch, target: Target): boolean {
  const { major, minor } = target.gpu.computeCapability;
  return arch.major > major || (arch.major === major && arch.minor > minor);
}

function label(arch: Arch): string {
  return `${arch.major}.${arch.minor}${arch.ptx ? "+PTX" : ""}`;
}

/** Where the target's arch goes in the list (in order, with the list's own separator), and the text to insert. */
function insertion(value: ShellWord, archs: readonly Arch[], target: Target): { at: number; text: string } {
  const cc = formatComputeCapability(target);
  const separator = /;/.test(value.value) ? ";" : " ";
  const next = archs.find((arch) => above(arch, target));
  return next ? { at: next.start, text: `${cc}${separator}` } : { at: archs.at(-1)!.end, text: `${separator}${cc}` };
}

/** The word's value is its text between the quotes, character for character (no escapes or expansions). */
function verbatim(value: ShellWord): boolean {
  return value.parts.every((part) => part.verbatim);
}
