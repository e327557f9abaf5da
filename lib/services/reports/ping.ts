import type { Actor } from "../../auth/actor";
import { NotFoundError } from "../../errors";
import { reportRun, type ReportResult } from "./report";
import { targetIdForPingKey } from "./ping-key";
import { REPORT_LOG_MAX_BYTES } from "./schemas";

/** The first 100 KiB of a ping body are kept as the log (healthchecks.io keeps 100 KB too). */
export const PING_LOG_MAX_BYTES = REPORT_LOG_MAX_BYTES;

export type PingEvent = "start" | "success" | "fail";

/** "start" | "success" | "fail" | an exit code ("0" = success, anything else = fail). */
export function parsePingEvent(raw: string): { event: PingEvent; exitCode?: number } {
  if (raw === "start" || raw === "success" || raw === "fail") return { event: raw };
  if (/^\d{1,3}$/.test(raw) && Number(raw) <= 255) {
    const exitCode = Number(raw);
    return { event: exitCode === 0 ? "success" : "fail", exitCode };
  }
  throw new NotFoundError(`Unknown ping event "${raw}": use start, success, fail or an exit code 0-255`);
}

export function pingLogText(body: Uint8Array): string {
  return Buffer.from(body.subarray(0, PING_LOG_MAX_BYTES)).toString("utf8");
}

/** A ping URL hit: the key names the target (no token), the actor is the ping itself. */
export function ping(key: string, rawEvent: string, body: Uint8Array, ip: string | null = null, now = new Date()): ReportResult {
  const targetId = targetIdForPingKey(key);
  const { event, exitCode } = parsePingEvent(rawEvent);
  const actor: Actor = { type: "ping", targetId, role: "operator", ip };
  const log = pingLogText(body);
  return reportRun(actor, targetId, { event, exitCode, log: log.length ? log : undefined }, now);
}
