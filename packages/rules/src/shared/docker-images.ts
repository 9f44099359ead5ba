import type { ShellSource } from "@gpu-compat/shell";

/** A Dockerfile's name as the engine reads it: `Dockerfile`, `Dockerfile.cuda`, `Dockerfile_amd`, `train.Dockerfile`. */
const DOCKERFILE = /(?:^|\/)(?:dockerfile(?:[._-][\w.-]+)?|[\w.-]+\.dockerfile)$/i;

export function isDockerfile(path: string | undefined): boolean {
  return path !== undefined && DOCKERFILE.test(path);
}

/** A `FROM` base image whose tag says which CUDA (and PyTorch) it carries. */
export interface BaseImage {
  /** The image as written after `FROM`, `${ARG}`s resolved: `nvidia/cuda:12.1.0-devel-ubuntu22.04`. */
  image: string;
  /** The range of the image word in the file. */
  start: number;
  end: number;
  /** CUDA major and minor from the tag: `nvidia/cuda:12.1.0-...` -> [12, 1], `pytorch/pytorch:2.8.0-cuda12.8-...` -> [12, 8]. */
  cuda: [number, number];
  /** PyTorch's version, for `pytorch/pytorch:<torch>-cuda<x.y>-...` images. */
  torch?: number[];
}

/**
 * The `FROM` lines of a Dockerfile (read as commands named `FROM`, see dockerfileScript) whose image is NVIDIA's
 * CUDA image (`nvidia/cuda`, `nvcr.io/nvidia/cuda`) or PyTorch's (`pytorch/pytorch`) with a version tag. `${NAME}`
 * and `$NAME` in the image are replaced by an `ARG NAME=value` default set before the line.
 */
export function cudaBaseImages(document: ShellSource): BaseImage[] {
  const images: BaseImage[] = [];
  for (const command of document.commands()) {
    if (command.name.value !== "FROM") continue;
    const word = command.args.find((arg) => !arg.value.startsWith("--"));
    if (!word) continue;
    const image = resolveArgs(document, word.value, command.node.startIndex);
    if (image === undefined) continue;
    const cuda = /^(?:[\w.-]+\/)?nvidia\/cuda:(\d+)\.(\d+)/.exec(image);
    if (cuda) {
      images.push({ image, start: word.start, end: word.end, cuda: [Number(cuda[1]), Number(cuda[2])] });
      continue;
    }
    const torch = /^(?:docker\.io\/)?pytorch\/pytorch:(\d+(?:\.\d+)*)-cuda(\d+)\.(\d+)/.exec(image);
    if (torch) images.push({ image, start: word.start, end: word.end, cuda: [Number(torch[2]), Number(torch[3])], torch: torch[1]!.split(".").map(Number) });
  }
  return images;
}

/** The image with its `${NAME}`/`$NAME` replaced by the `ARG`/`ENV` defaults set before `before`; undefined when one is unknown. */
function resolveArgs(document: ShellSource, image: string, before: number): string | undefined {
  let unknown = false;
  const resolved = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, plain: string | undefined) => {
    const name = braced ?? plain!;
    const assignment = document
      .assignments()
      .filter((a) => a.name === name && a.scope === "script" && a.node.startIndex < before && !a.value.dynamic)
      .at(-1);
    if (!assignment) unknown = true;
    return assignment?.value.value ?? "";
  });
  return unknown ? undefined : resolved;
}
