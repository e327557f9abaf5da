import { env, ConfigError } from "./env";
import { getDb } from "./db/client";

type BootStep = () => void | Promise<void>;
const steps: { name: string; run: BootStep }[] = [];

/** Later features (recovery, scheduler, headless admin) register their start-up step here. */
export function onBoot(name: string, run: BootStep): void {
  steps.push({ name, run });
}

const g = globalThis as unknown as { __lifeboatBooted?: boolean };

/** Runs once per process (instrumentation.ts): validate config, migrate, then the registered steps. */
export async function boot(): Promise<void> {
  if (g.__lifeboatBooted) return;
  g.__lifeboatBooted = true;
  try {
    env();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`\n[lifeboat] ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  getDb();
  await import("./boot-steps");
  for (const step of steps) {
    try {
      await step.run();
    } catch (e) {
      console.error(`[lifeboat] start-up step "${step.name}" failed`, e);
    }
  }
  console.log(`[lifeboat] ready (data directory ${env().dataDir})`);
}
