import { onBoot } from "../boot";
import { recoverInterruptedRuns } from "../engine/queue/recover";
import { kickQueue } from "../engine/queue/queue";
import { killLeftoverChildren } from "../engine/process/process-recovery";

// First the tools a crashed console left running (they may still write), then runs left
// queued/running end `interrupted` and their files go; then the queue starts (empty after recovery).
onBoot("recover-runs", () => {
  const killed = killLeftoverChildren();
  if (killed.length) console.warn(`[lifeboat] killed ${killed.length} process(es) left running by a stopped console: ${killed.join(", ")}`);
  const ids = recoverInterruptedRuns();
  if (ids.length) console.log(`[lifeboat] marked ${ids.length} unfinished run(s) as interrupted: ${ids.join(", ")}`);
  kickQueue();
});
