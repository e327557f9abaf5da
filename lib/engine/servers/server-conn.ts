import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { servers, type Server } from "../../db/schema";
import { unsealJson } from "../../crypto/secrets";

/** What a connection needs: the row's settings with the secret unsealed (server side only). */
export interface ServerConn {
  id: number;
  name: string;
  host: string;
  port: number;
  username: string;
  privateKey?: string;
  password?: string;
  hostKeyFingerprint: string | null;
  maxParallel: number;
}

export function connOf(row: Server): ServerConn {
  const secret = unsealJson<{ privateKey?: string; password?: string }>(row.secretEnc) ?? {};
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    username: row.username,
    privateKey: secret.privateKey,
    password: secret.password,
    hostKeyFingerprint: row.hostKeyFingerprint,
    maxParallel: row.maxParallel,
  };
}

export function serverRow(id: number): Server | null {
  return getDb().select().from(servers).where(eq(servers.id, id)).get() ?? null;
}

/** "db2 (10.0.0.5:22)": how logs and errors name a server. */
export const whereOf = (s: Pick<ServerConn, "name" | "host" | "port">) => `server ${s.name} (${s.host}:${s.port})`;

/** A key that changes when anything the connection depends on changes (the pool reconnects then). */
export const connKey = (s: ServerConn) => JSON.stringify([s.host, s.port, s.username, s.privateKey ?? "", s.password ?? "", s.hostKeyFingerprint]);
