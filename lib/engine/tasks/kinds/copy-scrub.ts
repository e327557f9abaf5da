import { scrubCopies } from "../../copies/scrub";
import { getSettings } from "../../../settings/settings";
import { rowTaskKind } from "../row-kind";

/**
 * Re-read a sample of the offsite copies and check their sha256 (lib/engine/copies/scrub.ts).
 * Queued daily by the retention sweep, at the lowest priority; it holds no target.
 */
export const copyScrubKind = rowTaskKind("copy-scrub", async (ctx) => {
  const r = await scrubCopies(ctx.clock(), { signal: ctx.signal, sample: getSettings().scrubSample });
  for (const b of r.bad) console.warn(`[lifeboat] scrub: copy ${b.copyId} is bad: ${b.reason}`);
});
