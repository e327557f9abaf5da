"use client";

import { NativeSelect } from "@/components/ui/input";
import { Field } from "@/components/ui/field";

/** "Server": where the backup's tool, the hooks and restores run (Local: this machine). */
export function ServerChoice({
  servers,
  value,
  onChange,
  error,
  runsOnServers,
}: {
  servers: { id: number; name: string }[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
  runsOnServers: boolean;
}) {
  const hint = runsOnServers
    ? "Where the backup runs: its tool, hooks and restores run on that server over SSH."
    : "This type runs on Local only; another server is for folder, PostgreSQL, MariaDB, Redis, Docker volume and script targets.";
  return (
    <Field id="serverId" label="Server" error={error} hint={hint}>
      <NativeSelect id="serverId" name="serverId" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={Boolean(error)} aria-describedby={error ? "serverId-error" : undefined}>
        <option value="local">Local (this machine)</option>
        {servers.map((s) => (
          <option key={s.id} value={String(s.id)}>
            {s.name}
          </option>
        ))}
      </NativeSelect>
    </Field>
  );
}
