import { onBoot } from "../boot";
import { recoverInterruptedRuns } from "./recover";
import { kickQueue } from "./queue";

// Runs left queued/running by a crash end `interrupted`; then the queue starts (empty after recovery).
onBoot("recover-runs", () => {
  const ids = recoverInterruptedRuns();
  if (ids.length) console.log(`[lifeboat] marked ${ids.length} unfinished run(s) as interrupted: ${ids.join(", ")}`);
  kickQueue();
});
