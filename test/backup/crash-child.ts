/** Started by crash.test.ts (bundled with esbuild): run one backup of target argv[2] and wait. The test kills this process mid-write. */
import { enqueueRun } from "../../lib/services/runs/trigger";
import { waitForRun } from "../../lib/engine/runs/wait";

const { id } = enqueueRun({ type: "system", role: "admin" }, Number(process.argv[2]));
console.log(`run ${id}`);
await waitForRun(id, 600_000);
