import Link from "next/link";
import type { StorageOverview } from "@/lib/services/storage/overview";
import { formatBytes } from "@/lib/ui/units";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

const TOP = 10;

/** Bytes used per target and in total, free space per storage folder, and when it fills up. */
export function StoragePanel({ storage }: { storage: StorageOverview }) {
  const byUse = [...storage.targets].sort((a, b) => b.usedBytes - a.usedBytes);
  const warnings = storage.volumes.filter((v) => v.warning);
  return (
    <div className="grid gap-4">
      {warnings.map((v) => (
        <Alert key={v.key} variant="warning">
          Storage {v.roots.join(", ")}: <strong>{v.words}</strong> (warning below {storage.warnDays} days;{" "}
          {formatBytes(v.freeBytes)} free).
        </Alert>
      ))}
      <p className="text-sm">
        Lifeboat&apos;s artifacts use <strong className="tabular-nums">{formatBytes(storage.totalUsedBytes)}</strong> in total.
        {storage.orphans.count > 0 ? (
          <>
            {" "}
            Of these, {storage.orphans.count} file{storage.orphans.count === 1 ? "" : "s"} ({formatBytes(storage.orphans.bytes)}){" "}
            <Link href="/storage" className="font-medium text-blue-700 hover:underline">
              do not belong to any target
            </Link>
            .
          </>
        ) : null}
      </p>
      <Table aria-label="Storage folders">
        <TableHeader>
          <TableRow>
            <TableHead>Storage folder</TableHead>
            <TableHead className="text-right">Free</TableHead>
            <TableHead className="hidden text-right md:table-cell">Disk size</TableHead>
            <TableHead className="hidden text-right sm:table-cell">Backups</TableHead>
            <TableHead className="hidden text-right md:table-cell">Growth</TableHead>
            <TableHead>Forecast</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {storage.volumes.map((v) => (
            <TableRow key={v.key}>
              <TableCell className="break-all font-mono text-xs">
                {v.roots.map((r) => (
                  <div key={r}>{r}</div>
                ))}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatBytes(v.freeBytes)}</TableCell>
              <TableCell className="hidden text-right tabular-nums md:table-cell">{formatBytes(v.totalBytes)}</TableCell>
              <TableCell className="hidden text-right tabular-nums sm:table-cell">{formatBytes(v.usedBytes)}</TableCell>
              <TableCell className="hidden whitespace-nowrap text-right tabular-nums md:table-cell">{formatBytes(Math.round(v.bytesPerDayNow))}/day</TableCell>
              <TableCell>
                <div className="flex items-center gap-2">
                  <Badge variant={v.warning ? "warning" : "success"}>{v.words}</Badge>
                </div>
                <div
                  className="text-xs text-muted-foreground"
                  title="Growth observed over the last 14 days; targets with a retention policy level off at what the policy keeps."
                >
                  {v.growthSource === "samples" ? "from daily samples and run sizes, 14 days" : "from run sizes, 14 days"}
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {byUse.length ? (
        <details>
          <summary className="cursor-pointer text-sm font-medium">Bytes used per target ({byUse.length})</summary>
          <Table aria-label="Storage used per target" className="mt-2">
            <TableHeader>
              <TableRow>
                <TableHead>Target</TableHead>
                <TableHead className="text-right">Used</TableHead>
                <TableHead className="hidden text-right sm:table-cell">Adds per day</TableHead>
                <TableHead className="hidden text-right md:table-cell">Retention holds</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {byUse.map((t, i) => (
                <TableRow key={t.targetId} className={i >= TOP ? "text-muted-foreground" : undefined}>
                  <TableCell>
                    {t.appName} / {t.targetName}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatBytes(t.usedBytes)}</TableCell>
                  <TableCell className="hidden text-right tabular-nums sm:table-cell">{formatBytes(Math.round(t.bytesPerDay))}</TableCell>
                  <TableCell className="hidden text-right tabular-nums md:table-cell">
                    {t.steadyBytes === null ? "no limit" : `≈ ${formatBytes(Math.round(t.steadyBytes))}`}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </details>
      ) : null}
    </div>
  );
}
