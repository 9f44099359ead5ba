/**
 * The shell inside a Dockerfile, as one script of the same length as the file, so that offsets in the script are
 * offsets in the Dockerfile and shell rules' edits apply to it as they are:
 *
 * - `RUN cmd` (shell form) keeps `cmd`, its `\` continuations included; the keyword is blanked.
 * - `ENV NAME=value ...` and `ARG NAME=value` keep their assignments (`NAME=value`), read as the shell reads them.
 * - `FROM image [AS stage]` stays as written: a command named `FROM`, which rules that read base images look for.
 * - Everything else (`COPY`, `WORKDIR`, `CMD`/`ENTRYPOINT`, the exec form `RUN ["..."]`, the legacy `ENV NAME
 *   value`, `ARG NAME` without a default, comments and parser directives) is blanked to spaces. A comment line
 *   inside a continued instruction (Docker drops it) becomes spaces and a `\`, so the shell command goes on.
 *
 * `keep` decides per instruction whether its script stays (the adapter blanks instructions that do not parse alone,
 * as markdownScript does); it is asked with the instruction's text as it would be kept.
 */
export function dockerfileScript(text: string, keep: (script: string) => boolean = () => true): string {
  const lines = text.split(/(?<=\n)/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    // One instruction: its first line and the lines its `\` continuations join.
    const group: string[] = [lines[i]!];
    let j = i + 1;
    if (!isComment(lines[i]!)) {
      while (j < lines.length && continues(group)) group.push(lines[j++]!);
    }
    out.push(instructionScript(group, keep));
    i = j;
  }
  return out.join("");
}

/** Whether the instruction so far ends with a line continuation (comment lines inside it do not end it). */
function continues(group: readonly string[]): boolean {
  for (let k = group.length - 1; k >= 0; k--) {
    const line = group[k]!;
    if (k > 0 && (isComment(line) || line.trim() === "")) continue;
    return /(^|[^\\])(\\\\)*\\[ \t]*\r?\n?$/.test(line.replace(/\r?\n$/, ""));
  }
  return false;
}

function isComment(line: string): boolean {
  return /^[ \t]*#/.test(line);
}

function instructionScript(group: readonly string[], keep: (script: string) => boolean): string {
  const first = group[0]!;
  const match = /^([ \t]*)([A-Za-z]+)([ \t]+|$)/.exec(first.replace(/\r?\n$/, ""));
  const blankAll = group.map(blank).join("");
  if (!match) return blankAll;
  const keyword = match[2]!.toUpperCase();
  const bodyStart = match[0].length;
  const body = first.slice(bodyStart);
  // Continuation lines, with comment lines blanked (Docker removes them before the shell sees the command).
  const rest = group.slice(1).map((line) => (isComment(line) ? continuation(line) : line));
  const withKeywordBlanked = (): string => blank(first.slice(0, bodyStart)) + body + rest.join("");
  let script: string;
  switch (keyword) {
    case "RUN":
      if (/^\s*\[/.test(body)) return blankAll; // the exec form runs no shell
      script = /^\s*--/.test(body) ? runWithOptions(first, bodyStart, rest) : withKeywordBlanked();
      break;
    case "ENV":
    case "ARG":
      // `ENV NAME=value ...`: assignments; `ENV NAME value` (legacy) and `ARG NAME` are not.
      script = /^[A-Za-z_][\w]*=/.test(body) ? withKeywordBlanked() : blankAll;
      break;
    case "FROM":
      script = first + rest.join("");
      break;
    default:
      return blankAll;
  }
  return script === blankAll || keep(script) ? script : blankAll;
}

/** `RUN --mount=type=cache,target=/root/.cache pip install ...`: the options blanked, the command kept. */
function runWithOptions(first: string, bodyStart: number, rest: readonly string[]): string {
  const options = /^(\s*--[\w-]+(=\S*)?)+\s*/.exec(first.slice(bodyStart))![0];
  const end = bodyStart + options.length;
  return blank(first.slice(0, end)) + first.slice(end) + rest.join("");
}

/** A comment line inside a continued instruction: spaces and a final `\`, so the command goes on past it. */
function continuation(line: string): string {
  const body = line.replace(/\r?\n$/, "");
  return " ".repeat(body.length - 1) + "\\" + line.slice(body.length);
}

/** Spaces for every character but line ends, so offsets and line numbers stay. */
function blank(line: string): string {
  return line.replace(/[^\r\n]/g, " ");
}
