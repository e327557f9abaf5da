"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { ActionButton } from "@/components/ui/action-button";
import { pitrPreflightAction, setPitrAction } from "@/lib/actions/pitr";

type Problem = { message: string; fix: string | null };

/**
 * Admin controls of a target's PITR: "Check access" shows what the server lacks (each problem
 * with the GRANT or pg_hba.conf line that fixes it), "Turn on" runs the same check on the server
 * and says the same when it refuses; "Turn off" stops streaming and drops the slot.
 */
export function PitrAccess({ targetId, enabled }: { targetId: number; enabled: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [check, setCheck] = useState<{ ok: boolean; problems: Problem[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const runCheck = () =>
    start(async () => {
      setError(null);
      const r = await pitrPreflightAction({ targetId });
      if (r.ok) setCheck(r.data);
      else setError(r.error);
    });
  const turnOn = () =>
    start(async () => {
      setError(null);
      const r = await setPitrAction({ targetId, enabled: true });
      if (r.ok) {
        toast.success("Point-in-time recovery is on: streaming WAL, first base backup queued");
        router.refresh();
      } else setError(r.error);
    });

  if (enabled) {
    return (
      <ActionButton
        label="Turn off PITR"
        pendingLabel="Turning off…"
        size="sm"
        variant="outline"
        confirm={{
          title: "Turn off point-in-time recovery?",
          description: "Streaming stops and the replication slot is dropped on the server. Stored WAL and base backups stay until retention removes them.",
          action: "Turn off",
        }}
        success={() => "Point-in-time recovery is off; the slot was dropped"}
        run={() => setPitrAction({ targetId, enabled: false })}
      />
    );
  }
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="outline" onClick={runCheck} disabled={pending}>
          Check access
        </Button>
        <Button size="sm" onClick={turnOn} disabled={pending}>
          {pending ? "Working…" : "Turn on PITR"}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="whitespace-pre-wrap text-sm text-destructive">
          {error}
        </p>
      ) : null}
      {check?.ok ? <p className="text-sm text-emerald-700 dark:text-emerald-400">The server allows streaming: role, pg_hba.conf and wal_level are ready.</p> : null}
      {check && !check.ok ? (
        <ul aria-label="What the server lacks" className="grid gap-2 text-sm">
          {check.problems.map((p) => (
            <li key={p.message} className="grid gap-1">
              <span>{p.message}</span>
              {p.fix ? <CodeBlock code={p.fix} label={`Fix: ${p.message}`} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
