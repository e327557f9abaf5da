import { SCHEDULER } from "../../audit/actor";
import { queueBackup } from "../runs/queue-backup";
import type { Enqueue } from "./ports";

/** The scheduler's view of the backup engine: its runs are audited as the scheduler's. */
export const enqueueWithRunner: Enqueue = (targetId, opts) => queueBackup(SCHEDULER, { targetId, ...opts });
