import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/status/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EVENT_TITLES } from "@/lib/ui/event-labels";
import type { DeliveryDto } from "@/lib/services/channels/deliveries";

const VARIANT = { sent: "success", failed: "danger", pending: "info", retrying: "warning" } as const;

/** Sent / failed (with the reason) / retrying, newest first. */
export function DeliveryLog({ deliveries }: { deliveries: DeliveryDto[] }) {
  if (deliveries.length === 0) return <p className="text-sm text-muted-foreground">Nothing sent yet.</p>;
  return (
    <Table aria-label="Delivery log">
      <TableHeader>
        <TableRow>
          <TableHead>When</TableHead>
          <TableHead>Channel</TableHead>
          <TableHead>Event</TableHead>
          <TableHead>Result</TableHead>
          <TableHead className="hidden md:table-cell">Attempts</TableHead>
          <TableHead className="hidden sm:table-cell">Reason / next try</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {deliveries.map((d) => (
          <TableRow key={d.id} data-testid="delivery-row">
            <TableCell className="text-xs">
              <RelativeTime iso={d.sentAt ?? d.createdAt} />
            </TableCell>
            <TableCell>{d.channelName}</TableCell>
            <TableCell className="text-xs">
              {d.eventType === "test" ? "Test message" : (EVENT_TITLES[d.eventType] ?? d.eventType)}
              {d.appName ? ` — ${d.appName}/${d.targetName}` : ""}
              {d.runId ? (
                <>
                  {" "}
                  (<Link className="underline" href={`/runs/${d.runId}`}>run #{d.runId}</Link>)
                </>
              ) : null}
            </TableCell>
            <TableCell>
              <Badge variant={VARIANT[d.status]} data-status={d.status}>
                {d.status}
              </Badge>
            </TableCell>
            <TableCell className="hidden text-xs md:table-cell">
              {d.attempts} of {d.maxAttempts}
            </TableCell>
            <TableCell className="hidden max-w-80 text-xs sm:table-cell">
              {d.lastError ? <div className="break-words text-destructive">{d.lastError}</div> : null}
              {d.status === "retrying" || d.status === "pending" ? (
                <div className="text-muted-foreground">
                  next try <RelativeTime iso={d.nextAttemptAt} />
                </div>
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
