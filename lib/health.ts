import { sql } from "drizzle-orm";
import { getDb } from "./db/client";
import { env } from "./env";

export interface Health {
  status: "ok" | "error";
  db: string;
  scheduler: string;
}

const g = globalThis as unknown as { __lifeboatSchedulerState?: string };

/** The scheduler reports its state here ("running", "stopped", "disabled"). */
export function setSchedulerState(state: string): void {
  g.__lifeboatSchedulerState = state;
}

export function healthStatus(): Health {
  let db = "ok";
  try {
    getDb().get(sql`select 1`);
  } catch (e) {
    db = `error: ${(e as Error).message}`;
  }
  const scheduler =
    g.__lifeboatSchedulerState ?? (env().LIFEBOAT_SCHEDULER === "off" ? "disabled" : "not started");
  const schedulerOk = scheduler === "running" || scheduler === "disabled";
  return { status: db === "ok" && schedulerOk ? "ok" : "error", db, scheduler };
}
