/**
 * Parses a list flag as Ruff does: `--select a,b` and `--select a --select b` add up. One value per flag, so
 * that `check --select bf16-dtype .` keeps `.` as the path.
 */
export function commaList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").map((item) => item.trim()).filter((item) => item !== "")];
}

/** `-q` once, `-qq` twice: each use counts. */
export function countUp(_value: string, previous: number | undefined): number {
  return (previous ?? 0) + 1;
}
