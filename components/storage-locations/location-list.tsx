import { Badge } from "@/components/ui/badge";
import type { StorageDto } from "@/lib/services/storage-locations/dto";
import { KIND_FIELDS, KIND_LABELS } from "./kind-fields";
import { LocationActions } from "./location-actions";

/** The locations as cards (one column on a phone): kind, where, masked settings, encryption, artifacts, actions. */
export function LocationList({ locations }: { locations: StorageDto[] }) {
  if (locations.length === 0) return <p className="text-sm text-muted-foreground">No storage locations yet.</p>;
  return (
    <ul className="grid gap-3" aria-label="Storage locations">
      {locations.map((l) => (
        <li key={l.id} className="grid gap-2 rounded-lg border border-border p-3 sm:grid-cols-[1fr_auto]" aria-label={l.name}>
          <div className="grid min-w-0 gap-1">
            <div className="flex flex-wrap items-center gap-2">
              <h3 className="font-medium">{l.name}</h3>
              <Badge variant="info">{KIND_LABELS[l.kind] ?? l.kind}</Badge>
              {l.encryption === "age" ? <Badge variant="success">encrypted (age)</Badge> : <Badge variant="muted">not encrypted</Badge>}
            </div>
            <p className="break-all font-mono text-xs text-muted-foreground">{l.where}</p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
              {(KIND_FIELDS[l.kind] ?? [])
                .filter((f) => l.settings[f.name] !== undefined && f.kind !== "textarea" && f.name !== "path")
                .map((f) => (
                  <div key={f.name} className="contents">
                    <dt className="text-muted-foreground">{f.label}</dt>
                    <dd className="min-w-0 break-all">{String(l.settings[f.name])}</dd>
                  </div>
                ))}
              {l.settings.privateKey ? (
                <div className="contents">
                  <dt className="text-muted-foreground">Private key</dt>
                  <dd>{String(l.settings.privateKey)}</dd>
                </div>
              ) : null}
              <div className="contents">
                <dt className="text-muted-foreground">Backups kept here</dt>
                <dd>{l.artifacts}</dd>
              </div>
            </dl>
          </div>
          <LocationActions id={l.id} name={l.name} />
        </li>
      ))}
    </ul>
  );
}
