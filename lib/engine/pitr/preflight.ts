import { quotePg } from "../types/shared/db-cli";
import { psql, replicationConn, roleOf, sqlConn } from "./conn";
import { parseSegSize } from "./wal-names";

/**
 * Can this target stream WAL? Lifeboat installs nothing on the server: it needs a role with the
 * REPLICATION attribute, a `host replication` line in pg_hba.conf for the console's address, and
 * wal_level ≥ replica with a free WAL sender and slot. Each missing piece comes back with the exact
 * statement or line that fixes it, for the form to show.
 */

export interface PitrProblem {
  code: "connect" | "version" | "replication_role" | "wal_level" | "wal_senders" | "slots" | "pg_hba" | "replication_connect";
  message: string;
  /** The SQL to run as a superuser, or the pg_hba.conf line to add. */
  fix?: string;
}

export interface PitrPreflight {
  ok: boolean;
  role: string;
  serverVersion: number | null;
  walSegSize: number | null;
  problems: PitrProblem[];
}

/** The PostgreSQL major of pg_receivewal / pg_basebackup on this machine. */
export const TOOLS_MAJOR = 15;

export async function checkPitrAccess(url: string, signal?: AbortSignal): Promise<PitrPreflight> {
  const role = roleOf(url);
  const out: PitrPreflight = { ok: false, role, serverVersion: null, walSegSize: null, problems: [] };
  let clientAddr: string | null = null;
  try {
    const [row] = await psql(
      sqlConn(url),
      "SELECT r.rolreplication OR r.rolsuper, current_setting('server_version_num'), current_setting('wal_level'), " +
        "current_setting('max_wal_senders'), current_setting('max_replication_slots'), current_setting('wal_segment_size'), " +
        "coalesce(host(inet_client_addr()), '') FROM pg_roles r WHERE r.rolname = current_user",
      signal,
    );
    const [canReplicate, version, walLevel, senders, slots, segSize, addr] = row ?? [];
    out.serverVersion = Number(version);
    out.walSegSize = parseSegSize(segSize ?? "");
    clientAddr = addr || null;
    const major = Math.floor(out.serverVersion / 10000);
    if (major !== TOOLS_MAJOR) {
      out.problems.push({ code: "version", message: `The server runs PostgreSQL ${major}; this console's pg_receivewal and pg_basebackup are ${TOOLS_MAJOR} and must match it.` });
    }
    if (canReplicate !== "t") {
      out.problems.push({ code: "replication_role", message: `The role "${role}" has no REPLICATION attribute.`, fix: `ALTER ROLE ${quotePg(role)} REPLICATION;` });
    }
    if (walLevel === "minimal") {
      out.problems.push({ code: "wal_level", message: "wal_level is minimal: the server writes no WAL a copy can replay.", fix: "ALTER SYSTEM SET wal_level = 'replica'; -- then restart PostgreSQL" });
    }
    if (Number(senders) < 1) out.problems.push({ code: "wal_senders", message: "max_wal_senders is 0.", fix: "ALTER SYSTEM SET max_wal_senders = 5; -- then restart PostgreSQL" });
    if (Number(slots) < 1) out.problems.push({ code: "slots", message: "max_replication_slots is 0.", fix: "ALTER SYSTEM SET max_replication_slots = 5; -- then restart PostgreSQL" });
  } catch (e) {
    out.problems.push({ code: "connect", message: `Cannot connect: ${(e as Error).message.replace(/^psql: /, "")}` });
    return out;
  }
  const repl = await replicationProblem(url, role, clientAddr, signal);
  if (repl) out.problems.push(repl);
  out.ok = out.problems.length === 0;
  return out;
}

/** Open a physical replication connection (what pg_receivewal does) and explain a refusal. */
async function replicationProblem(url: string, role: string, clientAddr: string | null, signal?: AbortSignal): Promise<PitrProblem | null> {
  try {
    await psql(replicationConn(url), "IDENTIFY_SYSTEM", signal);
    return null;
  } catch (e) {
    const msg = (e as Error).message.replace(/^psql: /, "");
    const hba = /no pg_hba\.conf entry for replication connection from host "([^"]+)"/.exec(msg);
    if (hba) {
      const host = hba[1];
      const mask = host.includes(":") ? "128" : "32";
      return { code: "pg_hba", message: `pg_hba.conf has no replication line for "${role}" from ${host}.`, fix: `host    replication    ${role}    ${host}/${mask}    scram-sha-256` };
    }
    if (/must be superuser or replication role/.test(msg)) return null; // reported as replication_role already
    const where = clientAddr ? ` from ${clientAddr}` : "";
    return { code: "replication_connect", message: `A replication connection${where} was refused: ${msg}` };
  }
}

/** pg_hba.conf and GRANT lines for the README and the form, for a role name. */
export function pitrSetupHelp(role: string, clientAddr = "<console address>"): { grant: string; hba: string } {
  return { grant: `ALTER ROLE ${quotePg(role)} REPLICATION;`, hba: `host    replication    ${role}    ${clientAddr}/32    scram-sha-256` };
}
