"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteChannelAction, sendTestAction, setChannelEnabledAction } from "@/app/(console)/settings/notifications/actions";

/** Per-channel buttons: Send test (shows the result at once), Edit, Pause/Resume, Delete. */
export function ChannelActions({ id, name, enabled }: { id: number; name: string; enabled: boolean }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
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
      <Button asChild size="sm" variant="outline">
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
          })
        }
      >
        {enabled ? "Pause" : "Resume"}
      </Button>
      <ConfirmButton
        label="Delete"
        confirmLabel={`Yes, delete ${name}`}
        question={`Delete “${name}” and its delivery log?`}
        onConfirm={() => deleteChannelAction(id)}
      />
      {result ? (
        <span role="status" className={result.ok ? "text-xs text-green-700" : "text-xs text-red-700"}>
          {result.text}
        </span>
      ) : null}
    </div>
  );
}
