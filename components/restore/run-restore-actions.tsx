"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { startTestRestoreAction, verifyRunAction } from "@/app/(console)/restores/actions";

/**
 * On a run page: "Verify" (sha256), "Verify by restoring" (test restore) and "Restore…" (the
 * preview page). Rendered for operators and admins only; the actions check again on the server.
 */
export function RunRestoreActions({ runId, canRestore, hasArtifact }: { runId: number; canRestore: boolean; hasArtifact: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  if (!canRestore || !hasArtifact) return null;

  const verify = () =>
    start(async () => {
      const r = await verifyRunAction({ runId });
      setResult(r.ok ? { ok: r.data.ok, message: r.data.message } : { ok: false, message: r.error });
      if (r.ok && r.data.ok) toast.success(`Run #${runId} verified`);
      else toast.error(`Run #${runId}: ${r.ok ? r.data.message : r.error}`);
      router.refresh();
    });
  const testRestore = () =>
    start(async () => {
      const r = await startTestRestoreAction({ runId });
      if (r.ok) {
        toast.success(`Test restore #${r.data.id} queued`);
        router.push(`/restores/${r.data.id}`);
      }
      else setResult({ ok: false, message: r.error });
    });

  return (
    <div className="mb-4 grid gap-2" data-testid="run-restore-actions">
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" size="sm" onClick={verify} disabled={pending}>
          Verify
        </Button>
        <Button variant="outline" size="sm" onClick={testRestore} disabled={pending}>
          Verify by restoring
        </Button>
        <Button asChild size="sm">
          <Link href={`/runs/${runId}/restore`}>Restore…</Link>
        </Button>
      </div>
      {result ? (
        <Alert variant={result.ok ? "success" : "destructive"}>{result.ok ? `Verified: ${result.message}` : result.message}</Alert>
      ) : null}
    </div>
  );
}
