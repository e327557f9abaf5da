"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { MoreMenu } from "@/components/ui/more-menu";
import { deleteStorageAction, rescanStorageAction, testStorageAction } from "@/app/(console)/settings/storage/actions";

/** Per-location buttons: Test and Rescan (the result stays beside them), Edit, and Delete in ⋯. */
export function LocationActions({ id, name }: { id: number; name: string }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string; hostKey?: string } | null>(null);
  return (
    <div className="grid gap-1.5">
      <div className="flex flex-wrap items-center gap-1.5">
        <Button
          type="button"
          size="sm"
          variant="outline"
          disabled={pending}
          aria-label={`Test ${name}`}
          onClick={() =>
            start(async () => {
              setResult(null);
              const r = await testStorageAction(id);
              if (!r.ok) setResult({ ok: false, text: r.error });
              else if (!r.data.ok) setResult({ ok: false, text: r.data.error, hostKey: r.data.details.hostKeyFingerprint });
              else setResult({ ok: true, text: `Works: wrote, read back and deleted a test object in ${r.data.latencyMs} ms` });
            })
          }
        >
          {pending ? "Testing…" : "Test"}
        </Button>
        <Button
          type="button"
          size="sm"
          variant="ghost"
          disabled={pending}
          aria-label={`Rescan ${name}`}
          onClick={() =>
            start(async () => {
              setResult(null);
              const r = await rescanStorageAction(id);
              if (!r.ok) setResult({ ok: false, text: r.error });
              else {
                const { registered, unreadable, known, pitr } = r.data;
                const bad = unreadable.length ? `; ${unreadable.length} unreadable (${unreadable[0]!.key}: ${unreadable[0]!.error})` : "";
                const wal = pitr.map((p) => `; PITR of ${p.target}: ${p.baseBackups} base backup(s), ${p.walFiles} WAL file(s)`).join("");
                setResult({ ok: unreadable.length === 0, text: `Rescan: ${registered.length} backup(s) registered, ${known} already known${wal}${bad}` });
              }
            })
          }
        >
          Rescan
        </Button>
        <Button asChild size="sm" variant="ghost">
          <Link href={`/settings/storage/${id}`} aria-label={`Edit ${name}`}>
            Edit
          </Link>
        </Button>
        <MoreMenu
          label={`More actions for ${name}`}
          items={[
            {
              kind: "confirm",
              label: "Delete location…",
              confirm: {
                title: `Delete “${name}”?`,
                description: "Only a location that holds no backups can be deleted. Its credentials and keys are forgotten; download a new recovery kit afterwards.",
                action: "Delete location",
              },
              run: async () => {
                const r = await deleteStorageAction(id);
                if (r.ok) toast.success(`Storage location “${name}” deleted`);
                return r;
              },
            },
          ]}
        />
      </div>
      {result ? (
        <p role="status" className={result.ok ? "text-xs text-green-700 dark:text-green-400" : "break-words text-xs text-destructive"}>
          {result.ok ? "✓ " : "✗ "}
          {result.text}
          {result.hostKey ? (
            <>
              {" "}
              Edit the location and pin <code className="font-mono">{result.hostKey}</code> once you have checked it on the server.
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
