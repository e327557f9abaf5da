import { currentActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getTargetPitr } from "@/lib/services/pitr/status";
import { formatBytes } from "@/lib/ui/units";
import { StatusBadge } from "@/components/status/status-badge";
import { RelativeTime } from "@/components/status/relative-time";
import { CopyButton } from "@/components/ui/copy-button";
import { RefreshWhile } from "@/components/restore/refresh-while";
import { PitrAccess } from "./pitr-access";
import { PitrRestoreForm } from "./pitr-restore-form";
import { PitrStopServer } from "./pitr-stop-server";
import { SecondsAgo } from "./seconds-ago";

/**
 * Point-in-time recovery of a postgres target (for /targets/[id]): the stream's state, the last
 * WAL received, the recovery window, the slot's retained bytes, base backups, how far each copy
 * location's WAL and window reach, and restores, the
 * admin's on/off with the access check, and the operator's restore form bounded by the window.
 */
export async function PitrPanel({ targetId, targetName }: { targetId: number; targetName: string }) {
  const actor = await currentActor();
  if (!actor) return null;
  const v = getTargetPitr(actor, targetId);
  const on = !!v.setting?.enabled;
  const s = v.status;
  const busy = v.baseBackupQueued || v.restores.some((r) => r.status === "queued" || r.status === "running") || s?.state === "starting";
  return (
    <section aria-labelledby="target-pitr" className="grid gap-3 rounded-lg border p-4">
      <RefreshWhile active={on} ms={busy ? 2000 : 5000} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="target-pitr" className="flex items-center gap-2 text-base font-semibold">
          Point-in-time recovery {s ? <StatusBadge status={s.state} /> : <StatusBadge status="off" />}
        </h2>
        {can(actor.role, "manage") ? <PitrAccess targetId={targetId} enabled={on} /> : null}
      </div>
      {!on ? (
        <>
          <p className="text-sm text-muted-foreground">
            Off. Turned on, Lifeboat streams this server&apos;s WAL through a replication slot and takes a base backup every day: any second since the first base backup can be restored.
          </p>
          {v.stored.length ? (
            <div className="grid gap-1 text-sm">
              <h3 className="font-medium">Still restorable from stored copies</h3>
              <ul className="grid gap-0.5" data-testid="pitr-stored">
                {v.stored.map((c) => (
                  <li key={c.storageId}>
                    {c.storage}: any moment from <RelativeTime iso={c.windowFrom} exact /> to <RelativeTime iso={c.windowTo} exact />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : (
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-muted-foreground">Recovery window</dt>
          <dd data-testid="pitr-window">
            {s?.windowFrom && s.windowTo ? (
              <>
                any moment from <RelativeTime iso={s.windowFrom} exact /> to <SecondsAgo iso={s.windowTo} />
              </>
            ) : (
              "none yet: waiting for the first base backup"
            )}
          </dd>
          <dt className="text-muted-foreground">Last WAL received</dt>
          <dd>{s?.lastWalAt ? <SecondsAgo iso={s.lastWalAt} /> : "—"}</dd>
          <dt className="text-muted-foreground">Slot keeps on the server</dt>
          <dd>{s?.slotRetainedBytes != null ? formatBytes(s.slotRetainedBytes) : "—"}</dd>
          <dt className="text-muted-foreground">Receiver restarts</dt>
          <dd>
            {v.restarts}
            {v.lastGapMs != null && v.lastGapFrom ? (
              <>
                {" "}
                (last gap {(v.lastGapMs / 1000).toFixed(1)} s from <RelativeTime iso={v.lastGapFrom} exact />)
              </>
            ) : null}
            {v.lastError && s?.state === "stopped" ? <span className="block text-destructive">{v.lastError}</span> : null}
          </dd>
          <dt className="text-muted-foreground">Base backups</dt>
          <dd>
            every {v.setting!.baseBackupEveryHours} h{v.baseBackupQueued ? " · one is queued or running" : ""}
            <ul className="grid gap-0.5">
              {v.baseBackups.map((b) => (
                <li key={b.id} className="flex items-center gap-2">
                  <StatusBadge status={b.status} /> <RelativeTime iso={b.finishedAt ?? b.startedAt} exact /> {b.sizeBytes != null ? `· ${formatBytes(b.sizeBytes)}` : ""}
                  {b.runId ? <a href={`/runs/${b.runId}`}>run #{b.runId}</a> : null}
                  {b.error ? <span className="text-destructive">{b.error}</span> : null}
                </li>
              ))}
            </ul>
          </dd>
          {s?.copies.length ? (
            <>
              <dt className="text-muted-foreground">Offsite copies</dt>
              <dd>
                <ul className="grid gap-0.5" data-testid="pitr-copies">
                  {s.copies.map((c) => (
                    <li key={c.storageId}>
                      {c.storage}: {c.walTo ? <>WAL up to <SecondsAgo iso={c.walTo} /></> : "no WAL yet"}
                      {c.windowFrom ? <> · restorable from <RelativeTime iso={c.windowFrom} exact /></> : " · no base backup yet"}
                      {c.pending ? ` · ${c.pending} file${c.pending === 1 ? "" : "s"} to copy` : ""}
                      {c.lastError ? <span className="block text-destructive">{c.lastError}</span> : null}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      )}
      {v.restores.length ? (
        <div className="grid gap-1 text-sm">
          <h3 className="font-medium">Point-in-time restores</h3>
          <ul aria-label="Point-in-time restores" className="grid gap-0.5">
            {v.restores.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-2">
                <StatusBadge status={r.status} /> {r.destination === "original" ? "over the original" : "into"} <code>{r.database}</code> as of <RelativeTime iso={r.targetTime} exact />
                {r.safetyRunId ? <a href={`/runs/${r.safetyRunId}`}>safety backup run #{r.safetyRunId}</a> : null}
                {r.overrideSafety ? <span className="text-amber-700 dark:text-amber-400">admin override of the safety backup</span> : null}
                {r.server?.running ? (
                  <>
                    <span>
                      private server until <RelativeTime iso={r.server.until} exact />: <code className="break-all">{r.server.psql}</code>
                      <CopyButton text={r.server.psql} label="Copy the psql command" className="h-6 w-6 align-middle" />
                    </span>
                    {can(actor.role, "restore.execute") ? <PitrStopServer targetId={targetId} restoreId={r.id} port={r.server.port} /> : null}
                  </>
                ) : r.server?.stoppedAt ? (
                  <span className="text-muted-foreground">
                    private server stopped <RelativeTime iso={r.server.stoppedAt} exact /> ({r.server.stopReason})
                  </span>
                ) : null}
                {r.error ? <span className="text-destructive">{r.error}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {on && s?.windowFrom && s.windowTo && can(actor.role, "restore.execute") ? (
        <PitrRestoreForm targetId={targetId} targetName={targetName} windowFrom={s.windowFrom} windowTo={s.windowTo} isAdmin={actor.role === "admin"} copyLocations={s.copies.map((c) => ({ id: c.storageId, name: c.storage }))} />
      ) : null}
      {!on && v.stored.length && can(actor.role, "restore.execute") ? (
        // A fresh console after a rescan: the window spans every location; the restore reads the nearest one holding the moment.
        <PitrRestoreForm
          targetId={targetId}
          targetName={targetName}
          windowFrom={v.stored.map((c) => c.windowFrom).sort()[0]!}
          windowTo={v.stored.map((c) => c.windowTo).sort().at(-1)!}
          isAdmin={actor.role === "admin"}
          copyLocations={v.stored.map((c) => ({ id: c.storageId, name: c.storage }))}
        />
      ) : null}
    </section>
  );
}
