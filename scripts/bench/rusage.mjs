// Preloaded into the children of `pnpm bench` (node --import) where GNU time is missing: writes the process's
// resource usage (CPU of all its threads, peak RSS) to $BENCH_RUSAGE as it exits.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  if (process.env.BENCH_RUSAGE) writeFileSync(process.env.BENCH_RUSAGE, JSON.stringify(process.resourceUsage()));
});
