import type { ServerDto } from "@/lib/services/servers/dto";
import { formatBytes } from "@/lib/ui/units";
import { ServerContact, ServerStatusBadge } from "./server-status";
import { ServerActions } from "./server-actions";

const where = (s: ServerDto) => (s.builtIn ? "this machine" : `${s.username}@${s.host}:${s.port}`);

/** The servers as cards (one column on a phone): state, address, host key, tools with versions, free disk, actions. */
export function ServerList({ servers }: { servers: ServerDto[] }) {
  return (
    <ul className="grid gap-3" aria-label="Servers">
      {servers.map((s) => (
        <li key={s.id ?? "local"} id={`server-${s.id ?? "local"}`} className="grid gap-2 rounded-lg border border-border p-3 sm:grid-cols-[1fr_auto]" aria-label={s.name}>
          <div className="grid min-w-0 gap-1">
            <div className="flex flex-wrap items-center gap-2">
              <h3 className="font-medium">{s.name}</h3>
              <ServerStatusBadge server={s} />
              {s.builtIn ? <span className="text-xs text-muted-foreground">built in</span> : null}
            </div>
            <p className="break-all font-mono text-xs text-muted-foreground">{where(s)}</p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
              {!s.builtIn ? (
                <>
                  <dt className="text-muted-foreground">Contact</dt>
                  <dd className="min-w-0">
                    <ServerContact server={s} />
                  </dd>
                  <dt className="text-muted-foreground">Host key</dt>
                  <dd className="min-w-0 break-all font-mono" data-testid="host-key-pinned">
                    {s.hostKeyFingerprint ?? "not confirmed yet"}
                  </dd>
                  <dt className="text-muted-foreground">Sign-in</dt>
                  <dd>{s.auth === "key" ? "private key (set)" : s.auth === "password" ? "password (set)" : "—"}</dd>
                </>
              ) : null}
              <dt className="text-muted-foreground">Tools</dt>
              <dd className="min-w-0" data-testid="server-tools">
                {s.tools.length ? (
                  <ul className="flex flex-wrap gap-x-2 gap-y-0.5" aria-label={`Tools on ${s.name}`}>
                    {s.tools.map((t) => (
                      <li key={t.name} className="break-all">
                        <span className="font-mono">{t.name}</span>
                        {t.version ? <span className="text-muted-foreground"> {t.version}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-muted-foreground">{s.checkedAt ? "none found" : "not checked yet"}</span>
                )}
              </dd>
              <dt className="text-muted-foreground">Free disk</dt>
              <dd>{s.freeBytes == null ? "—" : formatBytes(s.freeBytes)}</dd>
              <dt className="text-muted-foreground">Targets</dt>
              <dd>{s.targetCount}</dd>
            </dl>
            {s.lastError ? <p className="break-words text-xs text-destructive">{s.lastError}</p> : null}
          </div>
          {s.builtIn || s.id == null ? null : (
            <ServerActions id={s.id} name={s.name} targetCount={s.targetCount} seenHostKey={s.seenHostKey} pinned={s.hostKeyFingerprint} />
          )}
        </li>
      ))}
    </ul>
  );
}
