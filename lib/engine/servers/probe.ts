import fs from "node:fs/promises";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { servers, type ServerTool } from "../../db/schema";
import { RunLog } from "../process/run-log";
import { trackedExeca } from "../process/process-registry";
import { now } from "../clock";
import { ServerConnectError } from "./errors";
import { markReachable, markUnreachable, resetContactThrottle } from "./reachability";
import { runRemote } from "./remote-exec";
import { connOf, serverRow } from "./server-conn";

/** What the servers page lists: the dump tools a target type may run there. */
export const PROBED_TOOLS = ["pg_dump", "mariadb-dump", "redis-cli", "sqlite3", "tar", "zstd", "restic", "docker"] as const;

// One fixed script (no input in it): each tool's first version line, then free KiB of /.
const PROBE_SCRIPT = [
  ...PROBED_TOOLS.map((t) => {
    const ask = t === "restic" ? "restic version" : t === "docker" ? "docker version --format '{{.Server.Version}}'" : `${t} --version`;
    return `if command -v ${t} >/dev/null 2>&1; then printf '${t}\\t%s\\n' "$(${ask} 2>&1 | head -n 1)"; else printf '${t}\\t-\\n'; fi`;
  }),
  `printf 'df\\t%s\\n' "$(df -Pk / | tail -n 1)"`,
].join("\n");

export interface ProbeResult {
  reachable: boolean;
  tools: ServerTool[];
  freeBytes: number | null;
  error: string | null;
  /** The host key shown when it was not the pinned one. */
  seenHostKey: string | null;
}

/** A version number out of a tool's first line (`pg_dump (PostgreSQL) 15.8` → `15.8`). */
function versionIn(line: string): string | null {
  return line.match(/\d+\.\d+(\.\d+)?([-.+~][0-9A-Za-z.]+)?/)?.[0] ?? (line.trim() || null);
}

export function parseProbe(out: string): { tools: ServerTool[]; freeBytes: number | null } {
  const tools: ServerTool[] = [];
  let freeBytes: number | null = null;
  for (const line of out.split("\n")) {
    const [name, rest = ""] = line.split("\t");
    if (name === "df") {
      const avail = Number(rest.trim().split(/\s+/)[3]);
      freeBytes = Number.isFinite(avail) ? avail * 1024 : null;
    } else if ((PROBED_TOOLS as readonly string[]).includes(name!) && rest !== "-") {
      // docker's CLI without a reachable daemon prints an error, not a version: not usable.
      if (name === "docker" && !/^\d/.test(rest.trim())) continue;
      tools.push({ name: name!, version: versionIn(rest) });
    }
  }
  return { tools, freeBytes };
}

function scratchLog(): RunLog {
  // A throwaway log: the probe's commands are not part of any run.
  return new RunLog(0, [], "/dev/null");
}

/** Look at a server: reachable, tools with versions, free disk; recorded on its row. */
export async function probeServer(serverId: number, signal: AbortSignal = AbortSignal.timeout(30_000)): Promise<ProbeResult> {
  const row = serverRow(serverId);
  if (!row) throw new Error(`server ${serverId} not found`);
  const at = now();
  try {
    const { stdout } = await runRemote(connOf(row), "sh", ["-c", PROBE_SCRIPT], { signal, log: scratchLog(), capture: true, label: "probe" });
    const { tools, freeBytes } = parseProbe(stdout);
    resetContactThrottle();
    markReachable(serverId, at);
    getDb().update(servers).set({ tools, freeBytes, checkedAt: at }).where(eq(servers.id, serverId)).run();
    return { reachable: true, tools, freeBytes, error: null, seenHostKey: null };
  } catch (e) {
    const err = e instanceof ServerConnectError ? e : new ServerConnectError(row, e);
    markUnreachable(serverId, err, at);
    return { reachable: false, tools: row.tools ?? [], freeBytes: row.freeBytes, error: err.message, seenHostKey: err.hostKey?.fingerprint ?? null };
  }
}

/** How each tool says its version on this machine (argument arrays: no shell here). */
const LOCAL_VERSION_ARGS: Record<string, string[]> = { restic: ["version"], docker: ["version", "--format", "{{.Server.Version}}"] };

/** The same look at this machine (the built-in "Local" server): each tool asked directly, free space by statfs. */
export async function probeLocal(): Promise<{ tools: ServerTool[]; freeBytes: number | null }> {
  const lines: string[] = [];
  for (const t of PROBED_TOOLS) {
    const r = await trackedExeca(t, LOCAL_VERSION_ARGS[t] ?? ["--version"], { reject: false, timeout: 10_000, all: true, stdin: "ignore" });
    const missing = (r as { code?: string }).code === "ENOENT";
    lines.push(`${t}\t${missing ? "-" : (String(r.all ?? "").split("\n")[0] ?? "")}`);
  }
  const { tools } = parseProbe(lines.join("\n"));
  const st = await fs.statfs("/").catch(() => null);
  return { tools, freeBytes: st ? st.bavail * st.bsize : null };
}
