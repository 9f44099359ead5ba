import { Command, CommanderError, Option } from "commander";
import { EXIT_USAGE, UsageError } from "./exit-codes.js";
import { LEGACY_FORMATS, OUTPUT_FORMATS } from "./findings-output.js";
import { commaList, countUp } from "./flags.js";
import { explainCommand, rulesCommand, targetsCommand, versionCommand } from "./info-commands.js";
import { playgroundCommand } from "./playground.js";
import { checkCommand, fixCommand, type Io } from "./run-command.js";
import { VERSION } from "./version.js";

const EXAMPLES = `
Examples:
  $ gpu-compat fix ./my-repo --target t4          rewrite in place for a Colab/Kaggle T4, write gpu-compat-report.md
  $ gpu-compat fix . --target kaggle-t4x2 --dry-run --diff
                                                  show the patch, change nothing
  $ gpu-compat check . --target p100              CI / pre-commit: exit 1 when anything needs fixing
  $ gpu-compat check . --target t4 --output-format json
                                                  machine-readable findings (also sarif, github, junit, gitlab)
  $ gpu-compat check . --target t4 --output-format github --sarif gpu-compat.sarif
                                                  GitHub Actions annotations, and SARIF for code scanning
  $ gpu-compat check . --target t4 --statistics   how many findings per rule
  $ gpu-compat check - --stdin-filename train.py --target t4 < train.py
                                                  check a source read from stdin (\`fix -\` prints it fixed)
  $ gpu-compat targets                            the GPUs and platforms gpu-compat knows
  $ gpu-compat explain bf16-dtype                 what a rule does and why
  $ gpu-compat playground                         try it on one pasted file, in the browser (localhost)

Exit codes: 0 nothing to do, 1 findings (check; --fail-on sets the lowest severity that counts), an error-level
finding fix left unfixed, changes a dry run would make, or files that could not be handled; 2 bad usage or
target. --exit-zero turns 1 into 0.
`;

function buildProgram(io: Io): { program: Command; exitCode: () => number } {
  const program = new Command();
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };

  program
    .name("gpu-compat")
    .description("Rewrite model repos written for A100/H100 so they run on T4, P100, V100 and K80 GPUs.")
    .version(VERSION, "-V, --version")
    .showSuggestionAfterError(true)
    .addHelpText("after", EXAMPLES)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  // Flags have no defaults here: an absent flag leaves the choice to the settings ([tool.gpu-compat]).
  const targetOption = () => new Option("-t, --target <name>", "GPU target: t4, t4x2, p100, v100, kaggle-t4x2, colab-t4, ... (see `gpu-compat targets`); or `target` in the settings");
  const precisionOption = () =>
    new Option("--precision <mode>", "what bf16 becomes: auto (default: float32, or fp16 mixed precision where fp16 tensor cores exist), fp32, fp16").choices(["auto", "fp32", "fp16"]);
  // List flags take one comma-separated value each, and add up when repeated: `--select a,b --select c`.
  const excludeOption = () => new Option("--exclude <globs>", "skip paths matching these globs, comma-separated (in addition to .gitignore and defaults; replaces the settings' list)").argParser(commaList);
  const selectOption = () => new Option("--select <rules>", "run only these rules or categories, comma-separated (precision, attention, compile, parallel, memory, platform)").argParser(commaList);
  const ignoreOption = () => new Option("--ignore <rules>", "do not run these rules or categories, comma-separated").argParser(commaList);
  /** How findings are shown, for both commands. */
  const outputOptions = (command: Command) =>
    command
      .addOption(new Option("--output-format <format>", "concise (default: one line per finding), full (each finding's explanation and hint), json, sarif, github, junit, gitlab").choices(OUTPUT_FORMATS))
      .option("-o, --output-file <file>", "write the findings (in the output format) to <file> instead of stdout")
      .addOption(new Option("-q, --quiet", "print only the findings; -qq: nothing, the exit code says it").argParser(countUp))
      .option("--silent", "print nothing; the exit code says it (as -qq)")
      .option("--statistics", "print how many findings each rule has, instead of the findings")
      .addOption(new Option("--color <when>", "colour the text output: auto (default: on a terminal; NO_COLOR and FORCE_COLOR are honoured), always, never").choices(["auto", "always", "never"]))
      .option("--stdin-filename <name>", "with the path `-`: the name of the file read from stdin (sets its kind, e.g. train.py)");
  const configOption = () => new Option("--config <file>", "read settings from this file (gpu-compat.toml, or pyproject.toml with [tool.gpu-compat]) instead of searching");
  const unsafeFixesOption = () => new Option("--unsafe-fixes", "also make the fixes marked unsafe: they cost memory or change numerics, which the user must accept (docs/unsafe-fixes.md)");
  const exitZeroOption = () => new Option("--exit-zero", "exit 0 even when there are findings or files that could not be handled (2 still means bad usage)");

  const fix = program
    .command("fix")
    .description("rewrite the files under <paths> for the target and write a report explaining each change")
    .argument("<paths...>", "a repository, directory or file; or several (pre-commit's list of files); - reads one source from stdin")
    .addOption(targetOption())
    .option("--dry-run", "compute the changes but write no source file")
    .option("--allow-dirty", "write into files that have uncommitted changes in git (refused by default)")
    .option("--diff", "print the changes as a unified diff on stdout (findings and summary go to stderr)")
    .option("--report <file>", "where to write the report (.md Markdown, .html a self-contained page, .json JSON; default: gpu-compat-report.md, none with --dry-run)")
    .option("--no-report", "write no report (the pre-commit hook's choice: the summary is printed)")
    .addOption(precisionOption())
    .addOption(excludeOption())
    .addOption(selectOption())
    .addOption(ignoreOption())
    .addOption(configOption())
    .addOption(unsafeFixesOption())
    .option("--exit-non-zero-on-fix", "exit 1 when files were rewritten (the pre-commit hook's choice, as Ruff's)")
    .addOption(exitZeroOption());
  outputOptions(fix).action(async (paths: string[], options) => setExit(await fixCommand(paths, options, io)));

  const check = program
    .command("check")
    .description("report what `fix` would change, without writing anything (exit 1 when there is anything); --add-noqa writes suppression comments")
    .argument("<paths...>", "a repository, directory or file; or several (pre-commit's list of files); - reads one source from stdin")
    .addOption(targetOption())
    .addOption(new Option("--format <format>", "the older name of --output-format (text: concise)").choices(LEGACY_FORMATS).hideHelp())
    .option("--sarif <file>", "also write the findings as SARIF 2.1.0 to <file> (for GitHub code scanning)")
    .addOption(new Option("--fail-on <severity>", "the lowest finding severity that makes check exit 1 (default: info, any finding)").choices(["error", "warning", "info"]))
    .option("--diff", "print the patch `fix` would apply on stdout (findings and summary go to stderr); writes nothing")
    .option("--add-noqa", "write a `# gpu-compat: ignore[...]` comment on each finding's line (Python and YAML), so that the next check passes")
    .option("--allow-dirty", "with --add-noqa: write into files that have uncommitted changes in git (refused by default)")
    .addOption(unsafeFixesOption())
    .addOption(exitZeroOption())
    .addOption(precisionOption())
    .addOption(excludeOption())
    .addOption(selectOption())
    .addOption(ignoreOption())
    .addOption(configOption());
  outputOptions(check).action(async (paths: string[], options) => setExit(await checkCommand(paths, options, io)));

  program
    .command("rules")
    .description("list the rules")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"))
    .action((options: { format: "text" | "json" }) => setExit(rulesCommand(io, options.format)));
  program
    .command("explain")
    .description("show a rule's documentation")
    .argument("<rule>", "rule id, e.g. bf16-dtype")
    .action((id: string) => setExit(explainCommand(id, io)));
  program.command("targets").description("list the GPU targets and platforms").action(() => setExit(targetsCommand(io)));
  program
    .command("playground")
    .description("serve the browser playground on 127.0.0.1: paste a file, pick a target, see the findings and the diff")
    .option("--port <port>", "the port to listen on (default: 8765; 0: any free port)")
    .action(async (options: { port?: string }) => setExit(await playgroundCommand(options, io)));
  program
    .command("version")
    .description("print the version, the Node.js version and which parser loaded (native tree-sitter, or WebAssembly and why)")
    .action(async () => setExit(await versionCommand(io)));

  return { program, exitCode: () => exitCode };
}

/** Runs the CLI and returns its exit code; never calls process.exit, so it can run inside tests. */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  const { program, exitCode } = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return exitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with a CommanderError too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // A bug of gpu-compat's, not the user's: one line, exit 2; the stack on request.
    const message = error instanceof Error ? error.message : String(error);
    const debug = process.env.GPU_COMPAT_DEBUG ? `\n${(error as Error)?.stack ?? ""}` : " (set GPU_COMPAT_DEBUG=1 for the stack trace)";
    io.stderr(`gpu-compat: internal error: ${message.split("\n")[0]}${debug}\n`);
    return EXIT_USAGE;
  }
}

function defaultIo(): Io {
  // A reader that stops early (`| head -1`) closes the pipe: the rest of the output is dropped, quietly.
  let stdoutClosed = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    stdoutClosed = true;
  });
  return {
    stdout: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    stderrIsTerminal: process.stderr.isTTY === true,
    stdoutIsTerminal: process.stdout.isTTY === true,
    env: process.env,
  };
}
