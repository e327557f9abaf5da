import type { DestinationInput } from "@/lib/services/restores/shapes";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Button } from "@/components/ui/button";

const ALTERNATE: Record<string, { name: "database" | "path" | "url" | "volume"; label: string; placeholder: string }> = {
  postgres: { name: "database", label: "Alternate database name (same server)", placeholder: "myapp_restored" },
  mysql: { name: "database", label: "Alternate database name (same server)", placeholder: "myapp_restored" },
  sqlite: { name: "path", label: "Alternate database file path", placeholder: "/srv/restored/app.sqlite" },
  filesystem: { name: "path", label: "Alternate folder", placeholder: "/srv/restored/uploads" },
  script: { name: "path", label: "Folder to restore the files into", placeholder: "/srv/restored/files" },
  docker_volume: { name: "volume", label: "New Docker volume name (same engine)", placeholder: "app_data_restored" },
  redis: { name: "url", label: "Alternate Redis URL", placeholder: "redis://127.0.0.1:6380/0" },
};

/** Choose where to restore (a GET form: the preview reloads with what is there now). */
export function DestinationChooser({ targetType, value, storage = null }: { targetType: string; value: DestinationInput; storage?: number | null }) {
  const alt = ALTERNATE[targetType];
  const v = value as Record<string, unknown>;
  return (
    <form method="get" className="grid gap-3 text-sm">
      {storage != null ? <input type="hidden" name="storage" value={storage} /> : null}
      <fieldset className="grid gap-2">
        <legend className="mb-1 font-medium">Where to restore</legend>
        {targetType !== "script" ? (
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="original" defaultChecked={value.mode === "original"} />
            The original source (overwrite it, after a safety backup)
          </label>
        ) : null}
        {targetType === "filesystem" || targetType === "docker_volume" ? (
          <label className="ml-6 flex items-center gap-2">
            <input type="checkbox" name="deleteExtra" value="1" defaultChecked={v.deleteExtra === true} />
            Also delete files that are not in the backup (the folder becomes exactly as backed up)
          </label>
        ) : null}
        {alt ? (
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="alternate" defaultChecked={value.mode === "alternate" || targetType === "script"} />
            An alternate destination that does not exist yet or is empty
          </label>
        ) : null}
        {targetType === "redis" ? (
          <label className="flex items-center gap-2">
            <input type="radio" name="mode" value="rdb_file" defaultChecked={value.mode === "rdb_file"} />
            Write dump.rdb to a stopped Redis server&apos;s data file
          </label>
        ) : null}
      </fieldset>
      {alt ? (
        <div className="grid gap-1">
          <Label htmlFor={`dest-${alt.name}`}>{alt.label}</Label>
          <Input id={`dest-${alt.name}`} name={alt.name} defaultValue={String(v[alt.name] ?? "")} placeholder={alt.placeholder} />
        </div>
      ) : null}
      {targetType === "redis" ? (
        <div className="grid gap-1">
          <Label htmlFor="dest-rdb-path">RDB file path (for the stopped-server option)</Label>
          <Input id="dest-rdb-path" name="path" defaultValue={value.mode === "rdb_file" ? String(v.path ?? "") : ""} placeholder="/var/lib/redis/dump.rdb" />
        </div>
      ) : null}
      <div>
        <Button type="submit" variant="outline">
          Check destination
        </Button>
      </div>
    </form>
  );
}
