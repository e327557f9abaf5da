"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { MoreMenu } from "@/components/ui/more-menu";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ServerDto } from "@/lib/services/servers/dto";
import { checkServerAction, deleteServerAction, updateServerAction } from "@/app/(console)/settings/servers/actions";

type Result = { ok: boolean; text: string } | null;

/** What a check found, in one line. */
function checked(s: ServerDto): Result {
  if (s.reachable) return { ok: true, text: `Reachable: ${s.tools.length} tool(s) found${s.tools.length ? ` (${s.tools.map((t) => t.name).join(", ")})` : ""}` };
  if (!s.hostKeyFingerprint && s.seenHostKey) return { ok: false, text: `The server shows host key ${s.seenHostKey}: confirm it to use the server.` };
  return { ok: false, text: s.lastError ?? "Not reachable" };
}

/** Per-server buttons: Check (its result stays beside it), confirm the host key, Edit, and Delete in ⋯. */
export function ServerActions({ id, name, targetCount, seenHostKey, pinned }: { id: number; name: string; targetCount: number; seenHostKey: string | null; pinned: string | null }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Result>(null);
  const [confirming, setConfirming] = useState(false);
  const trust = async () => {
    const r = await updateServerAction(id, { hostKeyFingerprint: seenHostKey });
    if (!r.ok) return r;
    setResult(checked(r.data));
    return { ok: true };
  };
  return (
    <div className="grid content-start gap-1.5">
      <div className="flex flex-wrap items-center gap-1.5">
        <Button
          type="button"
          size="sm"
          variant="outline"
          disabled={pending}
          aria-label={`Check ${name}`}
          onClick={() =>
            start(async () => {
              setResult(null);
              const r = await checkServerAction(id);
              setResult(r.ok ? checked(r.data) : { ok: false, text: r.error });
            })
          }
        >
          {pending ? "Checking…" : "Check"}
        </Button>
        {seenHostKey ? (
          <Button type="button" size="sm" variant={pinned ? "destructive" : "default"} onClick={() => setConfirming(true)}>
            {pinned ? "Accept new host key…" : "Confirm host key…"}
          </Button>
        ) : null}
        <Button asChild size="sm" variant="ghost">
          <Link href={`/settings/servers/${id}/docker`} aria-label={`Discover Docker on ${name}`}>
            Discover
          </Link>
        </Button>
        <Button asChild size="sm" variant="ghost">
          <Link href={`/settings/servers/${id}`} aria-label={`Edit ${name}`}>
            Edit
          </Link>
        </Button>
        <MoreMenu
          label={`More actions for ${name}`}
          items={[
            {
              kind: "confirm",
              label: "Delete server…",
              confirm: {
                title: `Delete “${name}”?`,
                description:
                  targetCount > 0
                    ? `${targetCount} target(s) run on ${name}: move them to another server or delete them first. A server with targets is not deleted.`
                    : "Its address, credentials and pinned host key are forgotten. Backups already taken stay where they are stored.",
                action: "Delete server",
              },
              run: async () => {
                const r = await deleteServerAction(id);
                if (r.ok) toast.success(`Server “${name}” deleted`);
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
        </p>
      ) : null}
      {confirming && seenHostKey ? (
        <ConfirmDialog
          open
          onOpenChange={(o) => (o ? null : setConfirming(false))}
          text={{
            title: pinned ? `The host key of “${name}” changed` : `Trust the host key of “${name}”?`,
            description: (
              <div className="grid gap-2 text-sm">
                <p>
                  The server shows <code className="break-all font-mono">{seenHostKey}</code>
                  {pinned ? (
                    <>
                      {" "}
                      instead of the pinned <code className="break-all font-mono">{pinned}</code>. Accept it only if the server was reinstalled or its keys were replaced on purpose.
                    </>
                  ) : (
                    "."
                  )}
                </p>
                <p>
                  Compare it with <code className="font-mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on the server. Once pinned, a different key is refused.
                </p>
              </div>
            ),
            action: "Trust this key",
            destructive: Boolean(pinned),
          }}
          onConfirm={trust}
        />
      ) : null}
    </div>
  );
}
