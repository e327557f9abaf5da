import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { restores, type Restore } from "../../db/schema";

const going = (s: string) => s === "queued" || s === "running";

/** The restore row once it has ended, or null when `timeoutMs` passed first (polls, so it sees other processes too). */
export async function restoreEnded(restoreId: number, timeoutMs: number): Promise<Restore | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = getDb().select().from(restores).where(eq(restores.id, restoreId)).get();
    if (!r) throw new Error(`restore ${restoreId} not found`);
    if (!going(r.status)) return r;
    if (Date.now() > deadline) return null;
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** Wait until a restore has recorded its outcome (true), or the time is up (false). */
export async function restoreSettled(restoreId: number, timeoutMs: number): Promise<boolean> {
  return (await restoreEnded(restoreId, timeoutMs)) !== null;
}
