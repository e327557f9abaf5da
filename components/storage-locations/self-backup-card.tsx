"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { setUpSelfBackupAction } from "@/app/(console)/settings/storage/actions";

/** The console backs itself up: its database (online backup), daily, as the target Lifeboat/console. */
export function SelfBackupCard({ targetId }: { targetId: number | null }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <section aria-labelledby="self-heading" className="grid gap-2 rounded-lg border border-border p-3">
      <h2 id="self-heading" className="text-base font-semibold">
        This console&apos;s own backup
      </h2>
      <p className="text-sm text-muted-foreground">
        Targets, schedules, run history and settings live in the console&apos;s database. The target “Lifeboat / console” copies it every night with
        SQLite&apos;s online backup API (never the live file); its credentials open with the <code>secret.key</code> in the recovery kit.
      </p>
      {targetId ? (
        <Link className="text-sm font-medium underline" href={`/targets/${targetId}`}>
          Set up: open the target Lifeboat / console
        </Link>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="button" size="sm" disabled={pending} onClick={() => start(async () => {
            const r = await setUpSelfBackupAction();
            if (!r.ok) setError(r.error);
          })}>
            {pending ? "Setting up…" : "Back up this console daily"}
          </Button>
          {error ? <span className="text-xs text-destructive">{error}</span> : null}
        </div>
      )}
    </section>
  );
}
