import { inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { servers } from "../../db/schema";

/**
 * The names of the servers these targets run on (issue 17: the target page says where it runs).
 * A name only, for anyone who may read the target: hosts, users and keys stay admin-only
 * (lib/services/servers/list.ts).
 */
export function serverNames(serverIds: (number | null)[]): Map<number, string> {
  const ids = [...new Set(serverIds.filter((id): id is number => id != null))];
  if (ids.length === 0) return new Map();
  const rows = getDb().select({ id: servers.id, name: servers.name }).from(servers).where(inArray(servers.id, ids)).all();
  return new Map(rows.map((r) => [r.id, r.name]));
}
