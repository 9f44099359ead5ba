// A setup file (vitest.config.ts): after each test, the test's thread lets its event loop read what is waiting.
// Vitest's worker sends the main process an "onTaskUpdate" call as a test starts and fails the whole run if no
// answer is read within 60 s (a fixed timeout, no option sets it). The runner goes from one test to the next in
// microtasks, so a file of synchronous tests never reads the answer until the file ends: on a loaded machine a file
// that takes a minute fails with "Timeout calling onTaskUpdate" although every test passed. Two turns of
// setImmediate pass through the loop's poll phase, where the answer is read, so only a single test that blocks its
// thread for 60 s could still miss it.
import { afterEach } from "vitest";

// Taken now, before a test can fake the timers.
const { setImmediate: immediate } = globalThis;
const turn = () => new Promise<void>((resolve) => immediate(resolve));

afterEach(async () => {
  await turn();
  await turn();
});
