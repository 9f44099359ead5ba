/**
 * The shell inside a Makefile: its recipe lines, as one script of the same length as the Makefile, with every
 * other character (rules, variable assignments, directives, `define` blocks, comments outside recipes, and the
 * `@`/`-`/`+` recipe prefixes) blanked to spaces. Offsets in the script are offsets in the Makefile, so edits
 * the shell rules make apply to the Makefile as they are.
 *
 * What counts as a recipe line follows GNU make: a line starting with a tab after a rule line (`target: deps`),
 * up to the next line that is not a recipe line, a blank or comment line, or a conditional directive. A recipe
 * line ending in `\` continues on the next line. Make's own expansions stay in the script: `$(VAR)` reads as a
 * command substitution and `$$` as a shell expansion, both unknown values, so rules leave them alone. Each
 * recipe line runs in its own shell in make; read as one script, a variable set on one line seems to hold on the
 * next, which at worst makes a rule rewrite a value that make ignores.
 */
export function makefileScript(text: string): string {
  const lines = text.split(/(?<=\n)/);
  const out: string[] = [];
  let inRule = false;
  let inDefine = false;
  let continues: "recipe" | "other" | null = null;
  for (const line of lines) {
    const body = line.replace(/\r?\n$/, "");
    const endsContinued = /(^|[^\\])(\\\\)*\\$/.test(body);
    if (continues) {
      out.push(continues === "recipe" ? line : blank(line));
      if (!endsContinued) continues = null;
      continue;
    }
    if (inDefine) {
      if (/^\s*endef\b/.test(body)) inDefine = false;
      out.push(blank(line));
      continue;
    }
    if (body.startsWith("\t") && inRule) {
      out.push(withoutPrefix(line));
      if (endsContinued) continues = "recipe";
      continue;
    }
    if (/^\s*define\b/.test(body)) inDefine = true;
    else if (isRuleLine(body)) inRule = true;
    else if (!(body.trim() === "" || /^\s*#/.test(body) || /^\s*(ifeq|ifneq|ifdef|ifndef|else|endif)\b/.test(body))) inRule = false;
    out.push(blank(line));
    if (endsContinued) continues = "other";
  }
  return out.join("");
}

/** `target: deps` or `a b:: deps`, but not a variable assignment (`X := y`, `X ?= y`, `x: X = y` is a rule). */
function isRuleLine(line: string): boolean {
  if (line.startsWith("\t") || /^\s*#/.test(line)) return false;
  const colon = line.search(/:(?!=)/);
  if (colon <= 0) return false;
  const assignment = line.search(/(?:[:?+!]|::)?=/);
  return assignment === -1 || assignment > colon;
}

/** The recipe line with its `@`, `-` and `+` prefixes (make's, not the shell's) blanked. */
function withoutPrefix(line: string): string {
  const prefix = /^\t[ \t@+-]*/.exec(line)![0];
  return prefix.replace(/[@+-]/g, " ") + maskMakeFunctions(line.slice(prefix.length));
}

/**
 * Make's function calls (`$(if $(X),--y,)`, `$(shell ...)`, `${foreach ...}`) are expanded by make before the
 * shell sees the line, and are rarely shell syntax: each reads as one unknown word, `$____`, of its length. A
 * plain variable (`$(MODEL)`) stays, read as a command substitution.
 */
function maskMakeFunctions(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "$") {
      i++;
      continue;
    }
    if (text[i] !== "$" || (text[i + 1] !== "(" && text[i + 1] !== "{")) continue;
    const end = closingOf(text, i + 1);
    if (end < 0) break;
    if (/^[({][A-Za-z-]+[ \t]/.test(text.slice(i + 1, end))) {
      out += text.slice(from, i) + "$" + "_".repeat(end - i);
      from = end + 1;
    }
    i = end;
  }
  return out + text.slice(from);
}

/** The index of the `)` or `}` closing the bracket at `open`, counting nested ones; -1 when the line ends first. */
function closingOf(text: string, open: number): number {
  const close = text[open] === "(" ? ")" : "}";
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === text[open]) depth++;
    else if (text[i] === close && --depth === 0) return i;
    else if (text[i] === "\n") return -1;
  }
  return -1;
}

/** Spaces for every character but line ends, so offsets and line numbers stay. */
function blank(line: string): string {
  return line.replace(/[^\r\n]/g, " ");
}
