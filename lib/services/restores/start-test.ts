import type { Restore } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { executeTestRestore } from "../../engine/restores/submit";
import { kickQueue } from "../../engine/queue/queue";
import { createTestRestore } from "./create-test";
import { getRestore } from "./query";
import type { RestoreDto } from "./dto";

/** "Verify by restoring" from the UI: queue it, run it in the background, return at once. */
export function startTestRestore(actor: Actor, runId: number): RestoreDto {
  const { id } = createTestRestore(actor, runId);
  kickQueue();
  return getRestore(actor, id);
}

/** "Verify by restoring" for one run, start to end: queued, run, and the finished restore row returned. */
export async function runTestRestore(actor: Actor, runId: number): Promise<Restore> {
  const { id } = createTestRestore(actor, runId);
  return executeTestRestore(id);
}
