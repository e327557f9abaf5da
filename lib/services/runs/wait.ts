import { z } from "zod";
import { ValidationError } from "../../errors";
import type { Actor } from "../../auth/actor";
import { runEndedWithin } from "../../engine/runs/wait";
import { loadRunForActor } from "./get";

/** The longest `?wait=` a client may ask for, in seconds (proxies commonly cut idle requests at 60 s). */
export const MAX_WAIT_SECONDS = 60;

const waitParam = z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS);

/** `?wait=<seconds>` of GET /api/v1/runs/{id}: absent → 0; anything else than 0…60 whole seconds is a 400. */
export function parseWaitSeconds(value: string | null): number {
  if (value === null) return 0;
  const r = waitParam.safeParse(value.trim() === "" ? NaN : value);
  if (!r.success) throw new ValidationError(`wait must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS}`, { wait: `0 to ${MAX_WAIT_SECONDS} seconds` });
  return r.data;
}

/**
 * Long-poll: for a run that is queued or running, wait until it ends or `seconds` pass (or the
 * client disconnects), so a script learns the end at once without polling. The actor must be
 * able to read the run (checked first: a run it may not see is a 404 without waiting).
 */
export async function waitForRunEnd(actor: Actor, id: number, seconds: number, signal?: AbortSignal): Promise<void> {
  loadRunForActor(actor, id);
  if (seconds > 0) await runEndedWithin(id, seconds * 1000, signal);
}
