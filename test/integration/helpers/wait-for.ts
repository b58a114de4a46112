/**
 * Waits for a condition the test can observe (a message received, a row stored, a room emptied), checking it every
 * few milliseconds. The guard only stops a test that would otherwise hang, naming what never happened; it is no
 * claim about speed, so it is far longer than the thing ever takes (speed is measured in bench/, not asserted here).
 *
 * @example
 * await waitFor(() => received.length === 1, "the event on the board");
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, guardMs = 60_000): Promise<void> {
  const giveUpAt = performance.now() + guardMs;
  while (!(await condition())) {
    if (performance.now() > giveUpAt) throw new Error(`never happened (waited ${guardMs / 1000} s): ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
