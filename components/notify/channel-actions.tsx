"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { MoreMenu } from "@/components/ui/more-menu";
import { deleteChannelAction, sendTestAction, setChannelEnabledAction } from "@/app/(console)/settings/notifications/actions";

/** Per-channel buttons: Send test (shows the result at once), Edit, Pause/Resume, and Delete in ⋯. */
export function ChannelActions({ id, name, enabled }: { id: number; name: string; enabled: boolean }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex flex-wrap items-center justify-end gap-1.5">
      <Button
        type="button"
        size="sm"
        variant="outline"
        disabled={pending}
        aria-label={`Send test to ${name}`}
        onClick={() =>
          start(async () => {
            setResult(null);
            const r = await sendTestAction(id);
            if (!r.ok) setResult({ ok: false, text: r.error });
            else if (!r.data.ok) setResult({ ok: false, text: `Test failed: ${r.data.error}` });
            else setResult({ ok: true, text: r.data.status ? `Test message sent (HTTP ${r.data.status})` : "Test message sent" });
          })
        }
      >
        {pending ? "Sending…" : "Send test"}
      </Button>
      <Button asChild size="sm" variant="ghost">
        <Link href={`/settings/notifications/${id}`} aria-label={`Edit ${name}`}>
          Edit
        </Link>
      </Button>
      <Button
        type="button"
        size="sm"
        variant="ghost"
        disabled={pending}
        aria-label={`${enabled ? "Pause" : "Resume"} ${name}`}
        onClick={() =>
          start(async () => {
            const r = await setChannelEnabledAction(id, !enabled);
            if (!r.ok) setResult({ ok: false, text: r.error });
            else toast.success(`${name} ${enabled ? "paused" : "resumed"}`);
          })
        }
      >
        {enabled ? "Pause" : "Resume"}
      </Button>
      <MoreMenu
        label={`More actions for ${name}`}
        items={[
          {
            kind: "confirm",
            label: "Delete channel…",
            confirm: {
              title: `Delete “${name}”?`,
              description: "Nobody is told through it any more, and its delivery log is deleted with it. Other channels keep sending.",
              action: "Delete channel",
            },
            run: async () => {
              const r = await deleteChannelAction(id);
              if (r.ok) toast.success(`Channel “${name}” deleted`);
              return r;
            },
          },
        ]}
      />
      {result ? (
        <span role="status" className={result.ok ? "text-xs text-green-700 dark:text-green-400" : "text-xs text-destructive"}>
          {result.text}
        </span>
      ) : null}
    </div>
  );
}
