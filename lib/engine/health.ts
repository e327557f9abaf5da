import { sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { env } from "../env";
import { notifierState } from "./notify/state";

export interface Health {
  status: "ok" | "error";
  db: string;
  scheduler: string;
  /** Informational: a stopped notifier delays alerts but does not make backups unsafe. */
  notifier: string;
  /** What is wrong, in words (empty when ok). */
  problems: string[];
}

const g = globalThis as unknown as { __lifeboatSchedulerState?: string };

/** The scheduler reports its state here ("running", "stopped", "disabled"). */
export function setSchedulerState(state: string): void {
  g.__lifeboatSchedulerState = state;
}

function schedulerOff(): boolean {
  try {
    return env().LIFEBOAT_SCHEDULER === "off";
  } catch {
    return false;
  }
}

export function healthStatus(): Health {
  const problems: string[] = [];
  let db = "ok";
  try {
    getDb().get(sql`select 1`);
  } catch (e) {
    db = `error: ${(e as Error).message}`;
    problems.push(`database: ${(e as Error).message}`);
  }
  // LIFEBOAT_SCHEDULER=off is a choice (a read-only replica, tests), not a fault.
  const scheduler = g.__lifeboatSchedulerState ?? (schedulerOff() ? "disabled" : "not started");
  if (scheduler !== "running" && scheduler !== "disabled") problems.push(`scheduler is ${scheduler}`);
  let notifier = "unknown";
  try {
    notifier = notifierState();
  } catch {
    // env() failed; the database check above already names the problem.
  }
  return { status: problems.length === 0 ? "ok" : "error", db, scheduler, notifier, problems };
}
