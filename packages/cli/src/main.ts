import { Command, CommanderError, Option } from "commander";
import { EXIT_USAGE, UsageError } from "./exit-codes.js";
import { explainCommand, rulesCommand, targetsCommand, versionCommand } from "./info-commands.js";
import { checkCommand, fixCommand, type Io } from "./run-command.js";
import { VERSION } from "./version.js";

const EXAMPLES = `
Examples:
  $ gpu-compat fix ./my-repo --target t4          rewrite in place for a Colab/Kaggle T4, write gpu-compat-report.md
  $ gpu-compat fix . --target kaggle-t4x2 --dry-run --diff
                                                  show the patch, change nothing
  $ gpu-compat check . --target p100              CI / pre-commit: exit 1 when anything needs fixing
  $ gpu-compat check . --target t4 --format json  machine-readable findings
  $ gpu-compat check . --target t4 --format github --sarif gpu-compat.sarif
                                                  GitHub Actions annotations, and SARIF for code scanning
  $ gpu-compat targets                            the GPUs and platforms gpu-compat knows
  $ gpu-compat explain bf16-dtype                 what a rule does and why

Exit codes: 0 nothing to do, 1 findings (check; --fail-on sets the lowest severity that counts) or files that
could not be handled, 2 bad usage or target. --exit-zero turns 1 into 0.
`;

function buildProgram(io: Io): { program: Command; exitCode: () => number } {
  const program = new Command();
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const color = !process.env.NO_COLOR && process.stdout.isTTY === true;

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
  const excludeOption = () => new Option("--exclude <glob...>", "skip paths matching these globs (in addition to .gitignore and defaults; replaces the settings' list)");
  const selectOption = () => new Option("--select <rule...>", "run only these rules or categories (precision, attention, compile, parallel, memory, platform)");
  const ignoreOption = () => new Option("--ignore <rule...>", "do not run these rules or categories");
  const configOption = () => new Option("--config <file>", "read settings from this file (gpu-compat.toml, or pyproject.toml with [tool.gpu-compat]) instead of searching");
  const exitZeroOption = () => new Option("--exit-zero", "exit 0 even when there are findings or files that could not be handled (2 still means bad usage)");

  program
    .command("fix")
    .description("rewrite the files under <paths> for the target and write a report explaining each change")
    .argument("<paths...>", "a repository, directory or file; or several (pre-commit's list of files)")
    .addOption(targetOption())
    .option("--dry-run", "compute the changes but write no source file")
    .option("--allow-dirty", "write into files that have uncommitted changes in git (refused by default)")
    .option("--diff", "print the changes as a unified diff")
    .option("--report <file>", "where to write the report (.md, or .json for JSON)", "gpu-compat-report.md")
    .option("--no-report", "write no report (the pre-commit hook's choice: the summary is printed)")
    .addOption(precisionOption())
    .addOption(excludeOption())
    .addOption(selectOption())
    .addOption(ignoreOption())
    .addOption(configOption())
    .addOption(exitZeroOption())
    .action(async (paths: string[], options) => setExit(await fixCommand(paths, { ...options, color }, io)));

  program
    .command("check")
    .description("report what `fix` would change, without writing anything (exit 1 when there is anything)")
    .argument("<paths...>", "a repository, directory or file; or several (pre-commit's list of files)")
    .addOption(targetOption())
    .addOption(new Option("--format <format>", "output format (sarif: SARIF 2.1.0; github: GitHub Actions annotations)").choices(["text", "json", "sarif", "github"]).default("text"))
    .option("--sarif <file>", "also write the findings as SARIF 2.1.0 to <file> (for GitHub code scanning)")
    .addOption(new Option("--fail-on <severity>", "the lowest finding severity that makes check exit 1 (default: info, any finding)").choices(["error", "warning", "info"]))
    .addOption(exitZeroOption())
    .addOption(precisionOption())
    .addOption(excludeOption())
    .addOption(selectOption())
    .addOption(ignoreOption())
    .addOption(configOption())
    .action(async (paths: string[], options) => setExit(await checkCommand(paths, { ...options, color }, io)));

  program.command("rules").description("list the rules").action(() => setExit(rulesCommand(io)));
  program
    .command("explain")
    .description("show a rule's documentation")
    .argument("<rule>", "rule id, e.g. bf16-dtype")
    .action((id: string) => setExit(explainCommand(id, io)));
  program.command("targets").description("list the GPU targets and platforms").action(() => setExit(targetsCommand(io)));
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
  };
}
