import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EVENT_TITLES } from "@/lib/ui/event-labels";
import type { ChannelDto } from "@/lib/services/channels/dto";
import type { FilterOptions } from "@/lib/services/channels/list";
import { ChannelActions } from "./channel-actions";

function scope(c: ChannelDto, options: FilterOptions): string {
  const names = (ids: number[] | null, all: { id: number; name: string }[]) =>
    ids ? ids.map((id) => all.find((x) => x.id === id)?.name ?? `#${id}`).join(", ") : null;
  const apps = names(c.appIds, options.apps);
  const targets = names(c.targetIds, options.targets.map((t) => ({ id: t.id, name: `${t.appName}/${t.name}` })));
  if (!apps && !targets) return "All apps and targets";
  return [apps && `apps: ${apps}`, targets && `targets: ${targets}`].filter(Boolean).join("; ");
}

export function ChannelList({ channels, options }: { channels: ChannelDto[]; options: FilterOptions }) {
  if (channels.length === 0) {
    return <p className="text-sm text-muted-foreground">No channels yet: nobody is told when a backup fails. Add one.</p>;
  }
  return (
    <Table aria-label="Notification channels">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead className="hidden md:table-cell">Sends to</TableHead>
          <TableHead className="hidden lg:table-cell">Events</TableHead>
          <TableHead className="hidden xl:table-cell">Scope</TableHead>
          <TableHead>State</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {channels.map((c) => (
          <TableRow key={c.id}>
            <TableCell className="font-medium">{c.name}</TableCell>
            <TableCell className="hidden break-all text-xs md:table-cell">
              <div>{c.sendsTo[0]}</div>
              {c.sendsTo.slice(1).map((line, i) => (
                <div key={i} className="text-muted-foreground">
                  {line}
                </div>
              ))}
            </TableCell>
            <TableCell className="hidden max-w-64 text-xs lg:table-cell">{c.eventTypes.map((t) => EVENT_TITLES[t] ?? t).join(", ")}</TableCell>
            <TableCell className="hidden max-w-48 text-xs xl:table-cell">{scope(c, options)}</TableCell>
            <TableCell>
              <div className="flex flex-col items-start gap-1">
                <Badge variant={c.enabled ? "success" : "muted"}>{c.enabled ? "enabled" : "paused"}</Badge>
                {c.digest ? <Badge variant="info">daily digest {String(c.digestHour).padStart(2, "0")}:00</Badge> : null}
              </div>
            </TableCell>
            <TableCell>
              <ChannelActions id={c.id} name={c.name} enabled={c.enabled} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
