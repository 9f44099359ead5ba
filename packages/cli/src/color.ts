export type ColorChoice = "auto" | "always" | "never";

/**
 * Whether text output is coloured: `--color always|never` decides; with `auto` (the default), `NO_COLOR` (any
 * value but empty, no-color.org) turns colour off, then `FORCE_COLOR` (any value but empty or `0`) turns it on,
 * else a terminal on stdout does. Output written to a file is never coloured.
 */
export function useColor(choice: ColorChoice | undefined, env: NodeJS.ProcessEnv, stdoutIsTerminal: boolean): boolean {
  if (choice === "always") return true;
  if (choice === "never") return false;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return stdoutIsTerminal;
}
