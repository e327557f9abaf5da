"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import type { DockerDiscoveryDto } from "@/lib/services/servers/docker";
import { adoptDockerAction } from "@/app/(console)/settings/servers/actions";

const DB_LABEL = { postgres: "PostgreSQL", mysql: "MariaDB/MySQL", redis: "Redis" } as const;
/** How each proposal reads its data (the proposal's `via`). */
const VIA_LABEL = { "docker-exec": "dump via docker exec", "published-port": "dump via published port", "bind-mount": "folder", volume: "Docker volume" } as const;

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-lg border bg-card p-4">
      <h2 id={id} className="mb-2 font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Docker discovery: the proposals to tick and create, then what was found (containers, volumes, images). */
export function DockerDiscovery({ found }: { found: DockerDiscoveryDto }) {
  const router = useRouter();
  const fresh = found.proposals.filter((p) => !p.exists);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(fresh.map((p) => p.key)));
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: number; label: string }[]>([]);
  const toggle = (key: string) =>
    setChosen((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  const create = () =>
    start(async () => {
      setError(null);
      const r = await adoptDockerAction(found.server.id, [...chosen]);
      if (!r.ok) return setError(Object.values(r.fieldErrors ?? {})[0] ?? r.error);
      setCreated(r.data.targets.map((t) => ({ id: t.id, label: `${t.appName}/${t.name}` })));
      toast.success(`${r.data.targets.length} target(s) created`);
      router.refresh();
    });
  return (
    <div className="grid gap-6">
      <Section id="proposals-h" title="Proposed targets">
        {found.proposals.length === 0 ? (
          <p className="text-sm text-muted-foreground">No database containers, bind-mounted folders or named volumes found.</p>
        ) : (
          <ul className="grid gap-2" aria-label="Proposed targets">
            {found.proposals.map((p) => (
              <li key={p.key} className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  id={`p-${p.key}`}
                  className="mt-1"
                  checked={!p.exists && chosen.has(p.key)}
                  disabled={p.exists}
                  onChange={() => toggle(p.key)}
                />
                <label htmlFor={`p-${p.key}`} className="min-w-0">
                  <span className="font-medium">
                    {p.app}/{p.name}
                  </span>{" "}
                  <Badge variant="muted">{VIA_LABEL[p.via]}</Badge>
                  {p.exists ? <span className="text-muted-foreground"> (exists)</span> : null}
                  <span className="block break-words text-xs text-muted-foreground">{p.description}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {fresh.length ? (
          <div className="mt-3 flex flex-wrap items-center gap-2">
            <Button type="button" disabled={pending || chosen.size === 0} onClick={create}>
              {pending ? "Creating…" : "Create targets"}
            </Button>
            <span className="text-xs text-muted-foreground">Each goes under an app named after its compose project (created when missing) and runs on {found.server.name}.</span>
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="mt-2 text-sm text-destructive">
            {error}
          </p>
        ) : null}
        {created.length ? (
          <ul role="status" aria-label="Created targets" className="mt-2 grid gap-1 text-sm">
            {created.map((t) => (
              <li key={t.id}>
                Created <Link href={`/targets/${t.id}`} className="font-medium hover:underline">{t.label}</Link>
              </li>
            ))}
          </ul>
        ) : null}
      </Section>
      <Section id="containers-h" title={`Containers (Docker ${found.dockerVersion})`}>
        <ul className="grid gap-2" aria-label="Containers">
          {found.containers.map((c) => (
            <li key={c.id} aria-label={c.name} className="grid gap-0.5 border-b border-border/60 pb-2 text-sm last:border-0">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{c.name}</span>
                <Badge variant={c.running ? "success" : "muted"}>{c.state}</Badge>
                {c.database ? <Badge variant="muted">{DB_LABEL[c.database]}</Badge> : null}
                {c.project ? <span className="text-xs text-muted-foreground">project {c.project}</span> : null}
              </div>
              <code className="break-all text-xs">{c.image}</code>
              {c.mounts.map((m) => (
                <span key={`${m.source}:${m.destination}`} className="break-all text-xs text-muted-foreground">
                  {m.type} {m.source} → {m.destination}
                  {m.readOnly ? " (read-only)" : ""}
                </span>
              ))}
              {c.ports.some((p) => p.hostPort) ? (
                <span className="text-xs text-muted-foreground">published: {c.ports.filter((p) => p.hostPort).map((p) => `${p.hostPort}→${p.container}`).join(", ")}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
      <div className="grid gap-6 lg:grid-cols-2">
        <Section id="volumes-h" title="Volumes">
          <ul className="grid gap-0.5 text-sm" aria-label="Volumes">
            {found.volumes.map((v) => (
              <li key={v.name} className="break-all font-mono text-xs">
                {v.name} <span className="text-muted-foreground">({v.driver})</span>
              </li>
            ))}
          </ul>
        </Section>
        <Section id="images-h" title="Images">
          <ul className="grid gap-0.5 text-sm" aria-label="Images">
            {found.images.map((i) => (
              <li key={`${i.repository}:${i.tag}:${i.id}`} className="break-all font-mono text-xs">
                {i.repository}:{i.tag} <span className="text-muted-foreground">{i.size}</span>
              </li>
            ))}
          </ul>
        </Section>
      </div>
    </div>
  );
}
