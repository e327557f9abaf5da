import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { env } from "../../env";
import { maskUrlPassword } from "../../audit/redact";
import { ValidationError } from "../../errors";
import { backendOf } from "../storage/locations";
import type { StorageBackend } from "../storage/backend";
import { resolveTarget } from "../targets/resolve";
import { pitrConfig } from "./config-rows";
import type { WalReceiver } from "./receiver";
import { disablePitr, startWalStream } from "./streams";

/**
 * Everything a target's PITR needs from the console: its URL (password included, server side
 * only), the location its WAL and base backups live on, the key prefix there, and local folders.
 */

const QUIET = /^(stored [0-9A-F]{24}|pg_receivewal: finished segment)/;

export const pitrPrefix = (targetId: number) => `pitr/${targetId}`;
export const pitrSpoolDir = (targetId: number) => path.join(env().dataDir, "pitr", "spool", String(targetId));
export const pitrWorkDir = () => path.join(env().dataDir, "pitr", "work");
export const pitrTaskLogPath = (taskId: number) => path.join(env().dataDir, "logs", `task-${taskId}.log`);

/**
 * Where point-in-time restores unpack and run their private server. The server's OS user must
 * reach it, so it is not under the data directory (mode 0700, the console's own user):
 * LIFEBOAT_PITR_SCRATCH, else the system temp folder — in a folder of THIS console's own (named
 * by its data directory): start-up recovery empties it, and must never remove the scratch cluster
 * of a restore another console on the same machine is running (a full test run caught exactly
 * that: one console's start-up deleted another's running private server).
 */
export const pitrScratchRoot = () => {
  const base = process.env.LIFEBOAT_PITR_SCRATCH || path.join(os.tmpdir(), "lifeboat-pitr");
  // Traversable by the server's OS user, who owns the folder below it (makeServerDir).
  fs.mkdirSync(base, { recursive: true, mode: 0o711 });
  return path.join(base, crypto.createHash("sha256").update(path.resolve(env().dataDir)).digest("hex").slice(0, 12));
};

export function pitrTargetUrl(targetId: number): { url: string; name: string } {
  const { target, source } = resolveTarget(targetId);
  if (target.type !== "postgres" || typeof source.url !== "string") throw new ValidationError("Point-in-time recovery is for PostgreSQL targets only");
  return { url: source.url, name: target.name };
}

export function pitrBackend(targetId: number): StorageBackend {
  const cfg = pitrConfig(targetId);
  if (!cfg?.storageId) throw new Error(`Target ${targetId} has no PITR storage location (PITR was never turned on)`);
  return backendOf(cfg.storageId);
}

/** Start this console's stream of a target with PITR on (no-op when it runs already). */
export async function startTargetStream(targetId: number, opts: { lagLimitMs?: number } = {}): Promise<WalReceiver> {
  const cfg = pitrConfig(targetId);
  if (!cfg?.enabled) throw new Error(`PITR is off for target ${targetId}`);
  const { url } = pitrTargetUrl(targetId);
  return startWalStream({
    targetId,
    url,
    backend: pitrBackend(targetId),
    prefix: pitrPrefix(targetId),
    spoolDir: pitrSpoolDir(targetId),
    ...opts,
    // Every segment stored is routine (one per 16 MB of WAL): the console log keeps the rest.
    onLog: (line) => void (QUIET.test(line) || console.log(`[lifeboat] pitr target ${targetId}: ${maskUrlPassword(line)}`)),
  });
}

/** PITR turned off: stop streaming here and drop the slot on the server. */
export async function stopTargetStream(targetId: number): Promise<void> {
  await disablePitr(targetId, pitrTargetUrl(targetId).url);
}
