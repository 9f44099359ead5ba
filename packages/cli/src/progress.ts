import type { ProgressPhase } from "@gpu-compat/engine";

/**
 * A progress line for long runs: "gpu-compat: 1200/3004 files read", then "gpu-compat: 420/1042 files parsed",
 * rewritten in place on stderr, shown only when stderr is a terminal and the run has lasted half a second, and
 * erased when the run ends, so output that is piped or captured never contains it.
 */
export interface Progress {
  update(done: number, total: number, phase?: ProgressPhase): void;
  end(): void;
}

const PHASE_WORD: Record<ProgressPhase, string> = { read: "read", parse: "parsed" };

const DELAY_MS = 500;
const EVERY_MS = 100;

export function progressLine(write: (text: string) => void, isTerminal: boolean, now: () => number = () => performance.now()): Progress {
  if (!isTerminal) return { update() {}, end() {} };
  const started = now();
  let last = -Infinity;
  let shown = false;
  return {
    update(done, total, phase = "parse") {
      const at = now();
      if (at - started < DELAY_MS || (at - last < EVERY_MS && done < total)) return;
      last = at;
      shown = true;
      write(`\r\x1b[Kgpu-compat: ${done}/${total} files ${PHASE_WORD[phase]}`);
    },
    end() {
      if (shown) write("\r\x1b[K");
    },
  };
}
