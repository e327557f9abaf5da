import Link from "next/link";
import type { TargetDto } from "@/lib/services/targets/dto";
import type { TargetOverview } from "@/lib/services/targets/overview";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "@/components/status/status-badge";
import { TargetStatusCell } from "@/components/status/target-status-cell";
import { RelativeTime } from "@/components/status/relative-time";
import { formatBytes, formatDuration } from "@/lib/ui/units";
import { CodeBlock } from "@/components/ui/code-block";
import { TYPE_LABELS } from "./type-labels";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_minmax(0,1fr)] gap-3 border-b border-border/60 py-2 text-sm last:border-0 sm:grid-cols-[10rem_minmax(0,1fr)]">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted-foreground/70">—</span>;

function sourceRows(t: TargetDto) {
  const s = t.source;
  const rows: [string, React.ReactNode][] = [];
  if (typeof s.url === "string") rows.push(["Connection", <code key="u">{s.url}</code>]);
  if (typeof s.path === "string") rows.push([t.type === "sqlite" ? "Database file" : "Folder", <code key="p">{s.path}</code>]);
  if (Array.isArray(s.exclude) && s.exclude.length) rows.push(["Excludes", <code key="e">{s.exclude.join(", ")}</code>]);
  if (typeof s.command === "string") rows.push(["Script", <code key="c">{[s.command, ...((s.args as string[]) ?? [])].join(" ")}</code>]);
  if (typeof s.volume === "string") rows.push(["Volume", <code key="v">{s.volume}</code>]);
  if (["postgres", "mysql", "redis"].includes(t.type)) rows.push(["Password", t.secretSet ? "set (stored encrypted)" : "none"]);
  return rows;
}

/** Where the backup runs (issue 17); Settings → Servers is for admins, others see the name only. */
function ServerRow({ t, linkServers }: { t: TargetOverview; linkServers: boolean }) {
  const name = linkServers ? (
    <Link href={`/settings/servers#server-${t.serverId ?? "local"}`} className="font-medium hover:underline">
      {t.serverName}
    </Link>
  ) : (
    <span className="font-medium">{t.serverName}</span>
  );
  return (
    <Row label="Server">
      <span data-testid="target-server">Runs on {name}</span>
    </Row>
  );
}

export function TargetDetails({ target: t, linkServers = false }: { target: TargetOverview; linkServers?: boolean }) {
  // An external target's script does its own backups: Lifeboat's compression, paths, hooks,
  // timeout and retention do not apply to it.
  const runsHere = t.type !== "external";
  const r = t.retention;
  const retention = [
    r.keepDays != null && `${r.keepDays} days`,
    r.keepLast != null && `last ${r.keepLast}`,
    r.keepHourly != null && `${r.keepHourly} hourly`,
    r.keepDaily != null && `${r.keepDaily} daily`,
    r.keepWeekly != null && `${r.keepWeekly} weekly`,
    r.keepMonthly != null && `${r.keepMonthly} monthly`,
    r.keepYearly != null && `${r.keepYearly} yearly`,
  ].filter(Boolean);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="def-h" className="min-w-0 rounded-lg border bg-card p-4">
        <h2 id="def-h" className="mb-2 font-semibold">Definition</h2>
        <dl>
          <Row label="App">
            <Link href={`/apps/${t.appId}`} className="hover:underline">
              {t.appName}
            </Link>
          </Row>
          <Row label="Type">{TYPE_LABELS[t.type] ?? t.type}</Row>
          {runsHere ? <ServerRow t={t} linkServers={linkServers} /> : null}
          {t.description ? <Row label="Description">{t.description}</Row> : null}
          {sourceRows(t).map(([label, value]) => (
            <Row key={label} label={label}>
              {value}
            </Row>
          ))}
          {runsHere ? (
            <>
              <Row label="Compression">{t.compression}</Row>
              <Row label="Path template">
                <code>{t.pathTemplate}</code>
              </Row>
              <Row label="Storage folder">{t.storageRoot ? <code>{t.storageRoot}</code> : "console default"}</Row>
              <Row label="Retention">{retention.length ? retention.join(", ") : "keep everything"}</Row>
              <Row label="Pre-hook">{t.preHook ? <code>{t.preHook}</code> : none}</Row>
              <Row label="Post-hook">{t.postHook ? <code>{t.postHook}</code> : none}</Row>
              <Row label="Timeout">{formatDuration(t.timeoutSeconds * 1000)}</Row>
            </>
          ) : (
            <Row label="Backups">made and reported by your own script (see the ping URLs below)</Row>
          )}
          <Row label="Enabled">{t.enabled ? <Badge variant="success">enabled</Badge> : <Badge variant="muted">disabled</Badge>}</Row>
          {Object.keys(t.meta).length ? (
            <Row label="Meta">
              <CodeBlock label="Meta" code={JSON.stringify(t.meta, null, 2)} />
            </Row>
          ) : null}
        </dl>
      </section>
      <section aria-labelledby="last-h" className="min-w-0 rounded-lg border bg-card p-4">
        <h2 id="last-h" className="mb-2 font-semibold">Status</h2>
        <dl>
          <Row label="Status">
            <TargetStatusCell status={t.status} overdueSince={t.overdueSince} expectedAt={t.expectedAt} />
          </Row>
          <Row label="Last run">
            {t.lastRunId ? (
              <Link href={`/runs/${t.lastRunId}`} className="inline-flex items-center gap-1.5 hover:underline">
                <StatusBadge status={t.lastRunStatus} />
                <RelativeTime iso={t.lastRunAt} />
              </Link>
            ) : (
              <span className="text-muted-foreground/70">never</span>
            )}
          </Row>
          <Row label="Last success">
            <RelativeTime iso={t.lastSuccessAt} empty="never" />
          </Row>
          <Row label="Next run">
            <RelativeTime iso={t.nextRunAt} empty={t.status === "paused" ? "paused" : "not scheduled"} />
          </Row>
          <Row label="Size">{formatBytes(t.lastSizeBytes)}</Row>
          <Row label="Duration">{formatDuration(t.lastDurationMs)}</Row>
          {t.lastError ? <Row label="Error">{t.lastError}</Row> : null}
        </dl>
      </section>
    </div>
  );
}
