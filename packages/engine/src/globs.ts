import picomatch from "picomatch";

const matchers = new Map<string, (path: string) => boolean>();

/** A glob compiled once (picomatch.isMatch compiles it on every call: ~1 ms a file on a small repo). */
export function globMatcher(pattern: string): (path: string) => boolean {
  let matcher = matchers.get(pattern);
  if (!matcher) matchers.set(pattern, (matcher = picomatch(pattern, { dot: true })));
  return matcher;
}
