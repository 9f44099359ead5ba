/**
 * A progress line for long runs: "gpu-compat: 420/1042 files parsed", rewritten in place on stderr, shown only
 * when stderr is a terminal and the run has lasted half a second, and erased when the run ends, so output that
 * is piped or captured never contains it.
 */
export interface Progress {
  update(done: number, total: number): void;
  end(): void;
}

const DELAY_MS = 500;
const EVERY_MS = 100;

export function progressLine(write: (text: string) => void, isTerminal: boolean, now: () => number = () => performance.now()): Progress {
  if (!isTerminal) return { update() {}, end() {} };
  const started = now();
  let last = -Infinity;
  let shown = false;
  return {
    update(done, total) {
      const at = now();
      if (at - started < DELAY_MS || (at - last < EVERY_MS && done < total)) return;
      last = at;
      shown = true;
      write(`\r\x1b[Kgpu-compat: ${done}/${total} files parsed`);
    },
    end() {
      if (shown) write("\r\x1b[K");
    },
  };
}
