import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * The native tree-sitter binding frees a tree when its JavaScript object is collected, but Node runs those
 * finalizers from the event loop (a setImmediate queue), never inside a synchronous loop. A loop that parses file
 * after file without yielding keeps every tree it made: 770 MB for Megatron-LM's 1,344 Python files, against
 * 140 MB when the loop yields every 200 KB of parsed text, which also costs less CPU (a smaller heap to mark).
 */
const YIELD_EVERY_CHARS = 256 * 1024;

/**
 * Yielding is not enough: a tree's JavaScript object outlives a few minor collections while its file is checked,
 * so it dies in the old generation, which V8 collects only as its own (small) heap grows: it does not see the
 * trees' native memory (Megatron-LM on one thread: 275-320 MB, against 190-215 MB with this). A full collection
 * is made when the process has grown this much since the last one (its RSS at the yield after it, once the trees
 * it freed are): one every 1 MiB of parsed text instead cost 15% more CPU on peft (V8 optimized twice as many
 * functions), for a few MiB less.
 */
const COLLECT_AFTER_GROWTH_BYTES = 16 * 1024 * 1024;

/**
 * Counts the text processed and yields to the event loop once enough has been parsed since the last yield,
 * collecting the garbage first when the process has grown (see COLLECT_AFTER_GROWTH_BYTES).
 */
export class Breather {
  private sinceYield = 0;
  /** The RSS at the first yield after the last collection; undefined until that yield. */
  private rssAfterCollection: number | undefined;

  /** After processing `chars` characters: resolves at once, or after one turn of the event loop. */
  processed(chars: number): Promise<void> | undefined {
    this.sinceYield += chars;
    if (this.sinceYield < YIELD_EVERY_CHARS) return undefined;
    this.sinceYield = 0;
    this.collectIfGrown();
    return new Promise((resume) => setImmediate(resume));
  }

  private collectIfGrown(): void {
    const rss = process.memoryUsage.rss();
    if (this.rssAfterCollection === undefined) this.rssAfterCollection = rss;
    else if (rss - this.rssAfterCollection >= COLLECT_AFTER_GROWTH_BYTES) {
      fullCollection()?.();
      this.rssAfterCollection = undefined;
    }
  }
}

let collect: (() => void) | null | undefined;

/**
 * V8's `gc()` for this thread, which Node exposes only with `--expose-gc`: set at run time, the flag gives `gc` to
 * the contexts created after it, and it is unset again at once. Undefined where that fails.
 */
function fullCollection(): (() => void) | undefined {
  if (collect === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      const gc = runInNewContext("gc") as unknown;
      collect = typeof gc === "function" ? (gc as () => void) : null;
    } catch {
      collect = null;
    } finally {
      setFlagsFromString("--no-expose-gc");
    }
  }
  return collect ?? undefined;
}
