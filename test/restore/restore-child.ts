/**
 * A console-like process for process-registry.test.ts (bundled with esbuild): start a restore of
 * run argv[2] into the alternate database argv[3] (confirming with target name argv[4]) as the
 * admin user argv[5], print the restore id, and wait. The test kills this process.
 */
import { startRestore } from "../../lib/services/restores/create";

const [runId, database, confirmName, userId] = process.argv.slice(2);
const actor = { type: "user" as const, id: Number(userId), email: "restore-child@example.test", role: "admin" as const };
const r = await startRestore(actor, { runId: Number(runId), destination: { mode: "alternate", database }, confirmName: confirmName! });
console.log(`restore ${r.id}`);
setInterval(() => {}, 60_000);
