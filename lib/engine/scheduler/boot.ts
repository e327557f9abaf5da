// Start-up order matters: the engine's recovery (interrupted runs) must run before the first tick,
// so importing its boot module first registers its step first, whatever the order in boot-steps.ts.
import "../../runner/boot";
import { onBoot } from "../../boot";
import { env } from "../../env";
import { setSchedulerState } from "../health";
import { enqueueWithRunner, registerSchedulerHooks } from "./engine";
import { startScheduler } from "./loop";

onBoot("scheduler", async () => {
  registerSchedulerHooks();
  if (env().LIFEBOAT_SCHEDULER === "off") {
    setSchedulerState("disabled");
    return;
  }
  await startScheduler(enqueueWithRunner);
});
