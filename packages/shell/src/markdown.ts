/**
 * The shell inside a Markdown file (a README, a docs page): the bodies of its fenced shell code blocks, as one
 * script of the same length as the file, with every other line blanked to an empty comment (` #    `), so that
 * offsets and line numbers are the file's (see makefileScript).
 *
 * Fences follow CommonMark: three or more backticks or tildes open a block, a line of at least as many of the
 * same character closes it (a ```` ```bash ```` inside a ```` ````markdown ```` block is text), and an unclosed
 * block runs to the end of the file. Any indentation is accepted, since blocks inside list items are indented.
 * What is kept, by the block's language (the info string's first word):
 * - `bash`, `sh`, `shell`, `zsh`: the whole body, unless some line starts with a `$ ` prompt: then it is a session;
 * - `console`, `shell-session`, `sh-session`, `terminal`, and blocks with no language: a session, where only the
 *   `$ `-prompted lines (and the lines they continue onto with `\`) are commands, with the prompt blanked; the
 *   rest is output;
 * - anything else: nothing.
 * Placeholders such as `<model_path>` read as words (`_model_path_`): to bash they are redirections that do not
 * parse. A suppression in an HTML comment (`<!-- gpu-compat: ignore-file -->`) reads as its `#` form. `keep`
 * decides, per block, whether its script stays (the engine drops blocks that do not parse alone).
 */
export function markdownScript(text: string, keep: (script: string) => boolean = () => true): string {
  let out = "";
  let from = 0;
  for (const block of shellBlocks(text)) {
    if (!keep(block.script)) continue;
    out += prose(text.slice(from, block.start)) + block.script;
    from = block.start + block.script.length;
  }
  return out + prose(text.slice(from));
}

/**
 * Text outside the blocks, blanked but for suppression comments written as HTML comments
 * (`<!-- gpu-compat: ignore-file -->`), which read as the shell's `# gpu-compat: ignore-file`.
 */
function prose(text: string): string {
  let out = "";
  let from = 0;
  for (const match of text.matchAll(HTML_SUPPRESSION)) {
    out += blankLines(text.slice(from, match.index)) + "#   " + match[1]! + "   ";
    from = match.index + match[0].length;
  }
  return out + blankLines(text.slice(from));
}

/**
 * What the shell rules could read in a Markdown file, for the prefilter: its shell blocks' scripts and its HTML
 * suppression comments, one a line; cheaper than markdownScript, which also blanks the prose.
 */
export function markdownShellText(text: string): string {
  const parts = shellBlocks(text).map((block) => block.script);
  if (text.includes("gpu-compat")) for (const match of text.matchAll(HTML_SUPPRESSION)) parts.push(`#${match[1]!}`);
  return parts.join("\n");
}

interface ShellBlock {
  /** Offset of the body's first character (the line after the opening fence). */
  start: number;
  /** The body as the shell reads it, of the body's length. */
  script: string;
}

const HTML_SUPPRESSION = /<!--([ \t]*gpu-compat:[ \t]*ignore[^\r\n]*?)-->/g;
const SCRIPT_LANGUAGES = new Set(["bash", "sh", "shell", "zsh"]);
const SESSION_LANGUAGES = new Set(["console", "shell-session", "shellsession", "sh-session", "bash-session", "terminal", ""]);
const FENCES = /^[ \t]*(`{3,}|~{3,})([^\n]*)$/gm;
const PROMPT = /^[ \t]*\$[ \t]/;

function shellBlocks(text: string): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  let open: { fence: string; session: boolean | null; start: number } | undefined;
  const close = (end: number) => {
    if (open && open.session !== null) blocks.push({ start: open.start, script: bodyScript(text.slice(open.start, end).split(/(?<=\n)/), open.session) });
    open = undefined;
  };
  // Only the fence lines are visited: most of a README is prose.
  for (const fence of text.matchAll(FENCES)) {
    const [, marks, info] = fence as unknown as [string, string, string];
    if (!open) {
      // A backtick fence's info string has no backtick (`` ```x``` `` on one line is inline code).
      const next = Math.min(fence.index + fence[0].length + 1, text.length);
      if (!(marks[0] === "`" && info.includes("`"))) open = { fence: marks, session: sessionOf(info), start: next };
    } else if (marks[0] === open.fence[0] && marks.length >= open.fence.length && info.trim() === "") {
      close(fence.index);
    }
  }
  close(text.length);
  return blocks;
}

/** Whether a block in this language is a session (prompted lines only), a script (false), or not shell (null). */
function sessionOf(info: string): boolean | null {
  const language = /^[{.\s]*([\w+-]*)/.exec(info.trim())![1]!.toLowerCase();
  if (SCRIPT_LANGUAGES.has(language)) return false;
  return SESSION_LANGUAGES.has(language) ? true : null;
}

function bodyScript(lines: string[], session: boolean): string {
  if (!session && !lines.some((line) => PROMPT.test(line))) return lines.map(words).join("");
  let continued = false;
  return lines
    .map((line) => {
      if (continued) {
        continued = endsContinued(line);
        return words(line);
      }
      const prompt = PROMPT.exec(line);
      if (!prompt) return blankLines(line);
      continued = endsContinued(line);
      return blank(prompt[0]) + words(line.slice(prompt[0].length));
    })
    .join("");
}

/** `<model_path>` as the word `_model_path_`, of the same length. */
function words(line: string): string {
  return line.replace(/(?<=^|[\s="'/])<([A-Za-z][\w.\-/]*)>/g, "_$1_");
}

function endsContinued(line: string): boolean {
  return /(^|[^\\])(\\\\)*\\$/.test(line.replace(/\r?\n$/, ""));
}

/** Spaces for every character but line ends, so offsets and line numbers stay. */
function blank(text: string): string {
  return text.replace(/[^\r\n]+/g, (run) => " ".repeat(run.length));
}

/**
 * Whole lines of prose or output, blanked as empty comments (` #   `): tree-sitter-bash reads a long run of blanks
 * several times slower than a comment, and a README is mostly prose. The space first ends a word a block's last
 * `\` continues onto the line.
 */
function blankLines(text: string): string {
  return text.replace(/[^\r\n]+/g, (run) => (run.length < 2 ? " " : ` #${" ".repeat(run.length - 2)}`));
}
