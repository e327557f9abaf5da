import { typeModule } from "../types/registry";
import type { DestinationState, Resolved } from "../types/restore-shapes";

export type { DestinationState } from "../types/restore-shapes";

/** What is at the destination now (what a restore would overwrite); a failure to look is reported, not thrown. */
export async function probeDestination(d: Resolved): Promise<DestinationState> {
  try {
    return await typeModule(d.type).restore!.probe(d);
  } catch (e) {
    return { exists: true, empty: false, sizeBytes: null, free: null, error: (e as Error).message };
  }
}
