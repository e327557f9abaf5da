/** Shared by the PITR tests (not production code: the lint rule keeps *.testing.ts out of it). */
export async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 30_000, everyMs = 100): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * A moment between two writes: `before` commits, 1.2 s pass, the moment, 1.2 s, `after` commits,
 * then the WAL segment is switched so both are in a completed segment. A restore to the moment
 * holds exactly what `before` (and anything earlier) wrote.
 */
export async function momentBetween(before: () => Promise<unknown>, after: () => Promise<unknown>, switchWal: () => Promise<unknown>): Promise<Date> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await before();
  await sleep(1200);
  const moment = new Date();
  await sleep(1200);
  await after();
  await switchWal();
  return moment;
}

/** Poll a point-in-time restore (its GET) until it is neither queued nor running. */
export async function pitrRestoreEnded<R extends { status: string }>(get: () => Promise<R>, timeoutMs = 240_000): Promise<R> {
  let r = await get();
  for (const end = Date.now() + timeoutMs; r.status === "queued" || r.status === "running"; r = await get()) {
    if (Date.now() > end) throw new Error(`restore still ${r.status}`);
    await new Promise((res) => setTimeout(res, 250));
  }
  return r;
}
