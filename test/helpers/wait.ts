/**
 * Asks `read` every `everyMs` until `done` holds, and returns that value; throws,
 * naming `what`, after `withinMs`. Tests wait on conditions with it, never on time.
 */
export async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, withinMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
