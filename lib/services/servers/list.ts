import { asc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { servers, targets, type ServerTool } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { requirePermission, type Actor } from "../../auth/actor";
import { probeLocal } from "../../engine/servers/probe";
import { localServerDto, toServerDto, type ServerDto } from "./dto";

const count = sql<number>`(select count(*) from ${targets} where ${targets.serverId} = ${servers.id})`;

let localFacts: { tools: ServerTool[]; freeBytes: number | null; at: Date } | null = null;
const LOCAL_TTL_MS = 60_000;

/** Every server, Local first (its tools looked at once a minute at most). Admins only: hosts and users are infrastructure. */
export async function listServers(actor: Actor): Promise<ServerDto[]> {
  requirePermission(actor, "manage");
  if (!localFacts || Date.now() - localFacts.at.getTime() > LOCAL_TTL_MS) localFacts = { ...(await probeLocal()), at: new Date() };
  const db = getDb();
  const localCount = db.select({ n: sql<number>`count(*)` }).from(targets).where(isNull(targets.serverId)).get()?.n ?? 0;
  const rows = db.select({ s: servers, n: count }).from(servers).orderBy(asc(servers.name)).all();
  return [localServerDto(localFacts, localCount), ...rows.map((r) => toServerDto(r.s, r.n))];
}

export function getServer(actor: Actor, id: number): ServerDto {
  requirePermission(actor, "manage");
  const r = getDb().select({ s: servers, n: count }).from(servers).where(eq(servers.id, id)).get();
  if (!r) throw new NotFoundError(`Server ${id} not found`);
  return toServerDto(r.s, r.n);
}

/** Names for the target form's server choice (admins edit targets). */
export function serverChoices(actor: Actor): { id: number; name: string }[] {
  requirePermission(actor, "manage");
  return getDb().select({ id: servers.id, name: servers.name }).from(servers).orderBy(asc(servers.name)).all();
}
