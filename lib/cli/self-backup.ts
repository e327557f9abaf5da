import { parseArgs } from "node:util";
import { setUpSelfBackup } from "../services/self-backup/setup";
import { cliActor } from "./actor";
import type { Io } from "./io";

/** lifeboat self-backup: set up the target Lifeboat/console (the console's own database, daily at 03:30). */
export async function selfBackup(args: string[], io: Io): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const r = setUpSelfBackup(cliActor());
  io.out(r.created ? `Target ${r.targetId} Lifeboat/console set up: backed up daily at 03:30, kept 14 days.` : `Already set up: target ${r.targetId} (Lifeboat/console).`);
  return 0;
}
