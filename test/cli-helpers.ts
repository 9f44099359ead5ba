import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
/** The shipped command: the root bin/gpu-compat.js, which runs the bundle in dist/ (scripts/bundle.mjs). */
export const CLI = join(REPO_ROOT, "bin/gpu-compat.js");

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, in a child process. */
export function cli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; prefix?: string[]; input?: string } = {}): CliRun {
  const command = options.prefix?.length ? options.prefix[0]! : process.execPath;
  const commandArgs = options.prefix?.length ? [...options.prefix.slice(1), process.execPath, CLI, ...args] : [CLI, ...args];
  const result = spawnSync(command, commandArgs, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    encoding: "utf8",
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs a command without blocking the test's thread, for the long ones (pre-commit installing a hook, jscodeshift
 * over a repo): a thread blocked for a minute misses vitest's own messages and the run fails with "Timeout calling
 * onTaskUpdate", whatever the test found.
 */
export function runCommand(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ status: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ status: code ?? -1, output: Buffer.concat(chunks).toString("utf8") }));
  });
}

export function tempDir(prefix = "gpu-compat-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh copy of a sample repo from fixtures/. */
export function copyFixture(name: string): string {
  const dir = join(tempDir(), name);
  cpSync(join(REPO_ROOT, "fixtures", name), dir, { recursive: true });
  return dir;
}

/** Every file under a directory, relative paths with forward slashes, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path).split("\\").join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

export function snapshotTree(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((file) => [file, readFileSync(join(dir, file))]));
}

export function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}
