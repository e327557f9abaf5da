import fs from "node:fs";
import path from "node:path";
import { now } from "../clock";
import { signalChildGroup, trackedExeca } from "../process/process-registry";
import type { StorageBackend } from "../storage/backend";
import { sqlConn } from "./conn";
import { serverPositions } from "./server-positions";
import { ensureSlot, slotName } from "./slot";
import { acquireLease, CONSOLE_ID, heartbeat, patchStream, recordSlotBloat, releaseLease, setStreamState, streamRow } from "./stream-rows";
import { completedSpoolFiles, storeWalFile } from "./wal-store";
import { parseLsn } from "./wal-names";
import { partialSpoolFile, storePartialSnapshot } from "./partial-snapshot";
import { formatBytesExact } from "../../ui/units";

export interface WalReceiverOptions {
  targetId: number;
  /** The target's URL, password included (it goes to PGPASSWORD, never argv). */
  url: string;
  backend: StorageBackend;
  /** Key prefix of this target's PITR objects on the backend. */
  prefix: string;
  /** Local folder pg_receivewal writes into (one per target, kept across restarts). */
  spoolDir: string;
  owner?: string;
  tickMs?: number;
  statusEveryMs?: number;
  /** No WAL received for this long while the server writes → lagging (default 5 min). */
  lagLimitMs?: number;
  /** The slot keeps more than this on the server's disk → pitr.slot_bloat (default 10 GiB). */
  slotBloatBytes?: number;
  /** Down (not streaming) this long → stopped, even between two restart attempts. */
  stoppedAfterMs?: number;
  backoff?: { firstMs: number; maxMs: number };
  leaseStaleMs?: number;
  /** How often the segment being written is stored as a snapshot (the recovery point; default 5 s). */
  partialEveryMs?: number;
  onLog?: (line: string) => void;
}

export class PitrLeaseError extends Error {}

type Child = ReturnType<typeof trackedExeca>;

/**
 * The supervised `pg_receivewal` of one target. It streams into the spool folder through the
 * target's slot; every tick completed segments go to storage (wal-store.ts), the lease is renewed
 * and, less often, the server's positions are read for lag and slot size. When pg_receivewal
 * dies it is started again with a doubling back-off; the time without streaming is recorded as
 * the gap. Only the lease holder streams; the slot itself also refuses a second reader.
 */
export class WalReceiver {
  readonly slot: string;
  private readonly o: Required<Omit<WalReceiverOptions, "onLog" | "owner">> & { owner: string; onLog: (l: string) => void };
  private child: Child | null = null;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private respawn: NodeJS.Timeout | null = null;
  private downSince: Date | null = null;
  private failures = 0;
  private busy = false;
  private lastStatus = 0;
  private lastReceived: { lsn: number; at: Date } | null = null;
  private bloated = false;
  private stderrTail: string[] = [];
  private lastPartial = { at: 0, mtimeMs: 0 };

  constructor(opts: WalReceiverOptions) {
    this.o = {
      owner: CONSOLE_ID,
      tickMs: 2000,
      statusEveryMs: 10_000,
      lagLimitMs: 5 * 60_000,
      slotBloatBytes: 10 * 1024 ** 3,
      stoppedAfterMs: 15_000,
      backoff: { firstMs: 1000, maxMs: 60_000 },
      leaseStaleMs: 30_000,
      partialEveryMs: 5000,
      onLog: () => {},
      ...opts,
    } as typeof this.o;
    this.slot = slotName(opts.targetId);
  }

  /** The lease owner this receiver streams as. */
  get owner(): string {
    return this.o.owner;
  }

  get running(): boolean {
    return this.child != null;
  }

  async start(): Promise<void> {
    const { targetId, owner } = this.o;
    if (!acquireLease(targetId, owner, now(), this.o.leaseStaleMs)) {
      const row = streamRow(targetId);
      throw new PitrLeaseError(`Target ${targetId} already streams WAL from another console (${row?.owner ?? "?"}, heartbeat ${row?.heartbeatAt?.toISOString() ?? "?"})`);
    }
    fs.mkdirSync(this.o.spoolDir, { recursive: true, mode: 0o700 });
    this.stopping = false;
    // A file completed while no console was running is stored before anything else.
    await this.sweep();
    void this.spawn();
    this.timer = setInterval(() => void this.tick(), this.o.tickMs);
  }

  /** Stop streaming (the console stops, PITR turned off): store what is complete, release the lease. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    if (this.respawn) clearTimeout(this.respawn);
    this.timer = this.respawn = null;
    const child = this.child;
    if (child) {
      signalChildGroup(child, "SIGTERM");
      const kill = setTimeout(() => signalChildGroup(child, "SIGKILL"), 5000);
      await child.catch(() => {});
      clearTimeout(kill);
    }
    while (this.busy) await new Promise((r) => setTimeout(r, 50));
    await this.sweep().catch((e) => this.o.onLog(`storing the last segments failed: ${(e as Error).message}`));
    releaseLease(this.o.targetId, this.o.owner, now());
  }

  private async spawn(): Promise<void> {
    if (this.stopping) return;
    const { url, spoolDir, onLog } = this.o;
    const conn = sqlConn(url);
    try {
      if (await ensureSlot(url, this.slot)) onLog(`created replication slot ${this.slot}`);
    } catch (e) {
      this.exited(`cannot reach the server to check slot ${this.slot}: ${(e as Error).message}`);
      return;
    }
    if (this.stopping) return;
    this.stderrTail = [];
    const args = ["-D", spoolDir, "--slot", this.slot, `--dbname=${conn.uri}`, "--no-loop", "--no-password", "--verbose", "--status-interval=1"];
    onLog(`$ pg_receivewal ${args.join(" ")}`);
    const child = trackedExeca("pg_receivewal", args, { env: conn.env, extendEnv: true, reject: false, stdin: "ignore", stdout: "ignore", stderr: "pipe", buffer: { stderr: false } });
    this.child = child;
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (d: string) => {
      for (const line of d.split("\n").filter(Boolean)) this.onStderr(line);
    });
    const r = await child;
    if (this.child === child) this.child = null;
    if (this.stopping) return;
    const why = r.exitCode != null ? `exit code ${r.exitCode}` : `killed by ${r.signal ?? "?"}`;
    this.exited(`pg_receivewal stopped (${why})${this.stderrTail.length ? ": " + this.stderrTail.slice(-2).join(" | ") : ""}`);
  }

  private onStderr(line: string): void {
    this.o.onLog(line);
    this.stderrTail.push(line);
    if (this.stderrTail.length > 10) this.stderrTail.shift();
    if (/starting log streaming at/.test(line)) this.streamingAgain();
  }

  private streamingAgain(): void {
    const { targetId, owner, onLog } = this.o;
    const at = now();
    if (this.downSince) {
      const gapMs = at.getTime() - this.downSince.getTime();
      patchStream(targetId, owner, { lastGapFrom: this.downSince, lastGapMs: gapMs });
      onLog(`streaming again after ${(gapMs / 1000).toFixed(1)} s without a receiver (the slot kept the WAL of that time on the server)`);
    }
    this.downSince = null;
    this.failures = 0;
    setStreamState(targetId, owner, "streaming", at);
  }

  private exited(why: string): void {
    const { targetId, owner, onLog, backoff } = this.o;
    const at = now();
    this.downSince ??= at;
    this.failures++;
    const row = streamRow(targetId);
    patchStream(targetId, owner, { restarts: (row?.restarts ?? 0) + 1, lastError: why });
    onLog(why);
    if (this.failures >= 2 || at.getTime() - this.downSince.getTime() >= this.o.stoppedAfterMs) {
      setStreamState(targetId, owner, "stopped", at, { reason: why, since: this.downSince.toISOString() });
    }
    const delay = Math.min(backoff.firstMs * 2 ** (this.failures - 1), backoff.maxMs);
    onLog(`starting pg_receivewal again in ${Math.round(delay / 1000)} s (attempt ${this.failures})`);
    this.respawn = setTimeout(() => {
      this.respawn = null;
      void this.spawn();
    }, delay);
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopping) return;
    this.busy = true;
    const { targetId, owner } = this.o;
    try {
      const at = now();
      if (!heartbeat(targetId, owner, at)) {
        this.o.onLog("the lease was taken by another console: stopping this stream");
        this.busy = false;
        await this.stop();
        return;
      }
      await this.sweep();
      await this.snapshotPartial(at);
      if (this.downSince && at.getTime() - this.downSince.getTime() >= this.o.stoppedAfterMs) {
        setStreamState(targetId, owner, "stopped", at, { since: this.downSince.toISOString() });
      }
      if (at.getTime() - this.lastStatus >= this.o.statusEveryMs) {
        this.lastStatus = at.getTime();
        await this.status(at);
      }
    } catch (e) {
      this.o.onLog(`PITR tick failed: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  /** Store every completed spool file; their size is the cluster's segment size. */
  private async sweep(): Promise<void> {
    const { targetId, owner, backend, prefix, spoolDir } = this.o;
    for (const name of completedSpoolFiles(spoolDir)) {
      const file = path.join(spoolDir, name);
      const segSize = fs.statSync(file).size;
      const row = await storeWalFile({ targetId, backend, prefix, file, segSize: name.endsWith(".history") ? 16 << 20 : segSize });
      patchStream(targetId, owner, { lastWalAt: row.receivedAt });
      this.o.onLog(`stored ${name} (${formatBytesExact(row.size)}, ${formatBytesExact(row.storedSize)} compressed)`);
    }
  }

  private async snapshotPartial(at: Date): Promise<void> {
    const { targetId, owner, backend, prefix, spoolDir } = this.o;
    if (at.getTime() - this.lastPartial.at < this.o.partialEveryMs) return;
    const file = partialSpoolFile(spoolDir);
    const mtimeMs = file ? fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 : 0;
    if (!file || mtimeMs === this.lastPartial.mtimeMs) return;
    this.lastPartial = { at: at.getTime(), mtimeMs };
    const row = await storePartialSnapshot({ targetId, backend, prefix, file });
    if (row) patchStream(targetId, owner, { lastWalAt: row.receivedAt });
  }

  private async status(at: Date): Promise<void> {
    const { targetId, owner, url } = this.o;
    const pos = await serverPositions(url, this.slot).catch(() => null);
    if (!pos) return;
    patchStream(targetId, owner, { serverLsn: pos.serverLsn, receivedLsn: pos.receivedLsn, slotRetainedBytes: pos.retainedBytes });
    if (pos.receivedLsn) {
      const lsn = parseLsn(pos.receivedLsn);
      if (!this.lastReceived || lsn > this.lastReceived.lsn) {
        this.lastReceived = { lsn, at };
        patchStream(targetId, owner, { lastWalAt: at });
      }
    }
    const behind = pos.serverLsn && pos.receivedLsn ? parseLsn(pos.serverLsn) - parseLsn(pos.receivedLsn) : 0;
    const since = this.lastReceived?.at.getTime() ?? at.getTime();
    const state = streamRow(targetId)?.state;
    if (!this.downSince && behind > 0 && at.getTime() - since >= this.o.lagLimitMs) {
      setStreamState(targetId, owner, "lagging", at, { behindBytes: behind, lastWalAt: new Date(since).toISOString() });
    } else if (state === "lagging" && (behind === 0 || at.getTime() - since < this.o.lagLimitMs)) {
      setStreamState(targetId, owner, "streaming", at);
    }
    if (pos.retainedBytes != null && pos.retainedBytes > this.o.slotBloatBytes) {
      if (!this.bloated) recordSlotBloat(targetId, at, pos.retainedBytes, this.o.slotBloatBytes);
      this.bloated = true;
    } else this.bloated = false;
  }
}
