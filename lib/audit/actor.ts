import type { Role } from "../db/schema";

/**
 * Who is doing something: written to the audit trail with every change. Base data, so the engine
 * can write its own audit rows (the scheduler, retention, system repairs); permission checks on an
 * actor live in lib/auth/actor.ts.
 */
export type Actor =
  | { type: "user"; id: number; email: string; role: Role; ip?: string | null }
  | { type: "token"; id: number; name: string; role: Role; appIds: number[] | null; ip?: string | null }
  | { type: "cli"; label: string; role: "admin" }
  | { type: "scheduler"; role: "admin" }
  | { type: "system"; role: "admin" }
  | { type: "ping"; targetId: number; role: "operator"; ip?: string | null };

export const SCHEDULER: Actor = { type: "scheduler", role: "admin" };
export const SYSTEM: Actor = { type: "system", role: "admin" };

export function actorLabel(a: Actor): string {
  switch (a.type) {
    case "user":
      return a.email;
    case "token":
      return `token:${a.name}`;
    case "cli":
      return `cli:${a.label}`;
    case "ping":
      return `ping:target-${a.targetId}`;
    default:
      return a.type;
  }
}

export function actorId(a: Actor): number | null {
  return a.type === "user" || a.type === "token" ? a.id : null;
}
