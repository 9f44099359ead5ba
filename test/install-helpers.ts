// For the tests that install gpu-compat as users do (npm from a git URL or a tarball, pre-commit): a commit of the
// checkout as it is, and whether the npm registry answers.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPO_ROOT, runCommand } from "./cli-helpers.js";

export const ON_CI = !!process.env.CI && process.env.CI !== "false";

async function ok(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await runCommand(command, args, { cwd, env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.output}`);
  return result.output;
}

/**
 * Commits the checkout as it is (tracked files and untracked ones git does not ignore) into a new repository at
 * `dir`, so an install from it runs the working tree's code, not only what HEAD holds (on CI's clean clone the two
 * are the same). Returns the commit.
 */
export async function snapshotCheckout(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const listed = await ok("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO_ROOT, env);
  for (const file of new Set(listed.split("\0").filter(Boolean))) {
    if (!existsSync(join(REPO_ROOT, file))) continue; // Deleted, not yet committed.
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(REPO_ROOT, file), join(dir, file));
  }
  const git = { ...env, GIT_AUTHOR_NAME: "gpu-compat test", GIT_AUTHOR_EMAIL: "test@example.invalid", GIT_COMMITTER_NAME: "gpu-compat test", GIT_COMMITTER_EMAIL: "test@example.invalid" };
  await ok("git", ["init", "-q"], dir, git);
  await ok("git", ["add", "-A"], dir, git);
  await ok("git", ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot of the gpu-compat checkout"], dir, git);
  return (await ok("git", ["rev-parse", "HEAD"], dir, git)).trim();
}

/** Why the npm registry cannot be used (undefined when `npm ping` answers). */
export async function npmRegistryUnavailable(): Promise<string | undefined> {
  const ping = await runCommand("npm", ["ping"], { cwd: REPO_ROOT });
  return ping.status === 0 ? undefined : `the npm registry does not answer (npm ping: ${ping.output.trim().split("\n").pop()})`;
}

/**
 * The environment of a user's shell: without the npm_* variables an enclosing npm, npx or pnpm run exports (such as
 * npm_config_local_prefix and npm_config_ignore_scripts, from this checkout's .npmrc), which would reach the npm
 * a test starts.
 */
export function userShellEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}
