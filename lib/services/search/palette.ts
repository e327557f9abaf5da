import { requirePermission, type Actor } from "../../auth/actor";
import { can } from "../../auth/permissions";
import { listApps } from "../apps/list";
import { listTargetOverview } from "../targets/overview";
import { getRun } from "../runs/get";
import { NotFoundError } from "../../errors";

export interface PaletteTarget {
  id: number;
  appName: string;
  name: string;
  type: string;
  status: string;
  /** "Back up now" applies: the actor may run it and Lifeboat runs it (not an external target). */
  canBackUp: boolean;
}

export interface PaletteData {
  apps: { id: number; name: string }[];
  targets: PaletteTarget[];
}

/** What the command palette searches through: the apps and targets this actor may see. */
export function paletteData(actor: Actor, now = new Date()): PaletteData {
  requirePermission(actor, "read");
  const canRun = can(actor.role, "run.trigger");
  return {
    apps: listApps(actor).map((a) => ({ id: a.id, name: a.name })),
    targets: listTargetOverview(actor, {}, now).map((t) => ({
      id: t.id,
      appName: t.appName,
      name: t.name,
      type: t.type,
      status: t.status,
      canBackUp: canRun && t.enabled && t.type !== "external",
    })),
  };
}

export interface PaletteRun {
  id: number;
  appName: string;
  targetName: string;
  status: string;
}

/** A run typed by its id ("#123"): null when it does not exist or is not visible to the actor. */
export function findRun(actor: Actor, id: number): PaletteRun | null {
  try {
    const r = getRun(actor, id);
    return { id: r.id, appName: r.appName, targetName: r.targetName, status: r.status };
  } catch (e) {
    if (e instanceof NotFoundError) return null;
    throw e;
  }
}
