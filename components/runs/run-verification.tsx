import { Alert } from "@/components/ui/alert";
import { RelativeTime } from "@/components/status/relative-time";
import type { RunDto } from "@/lib/services/runs/dto";

const WORDS: Record<string, string> = {
  ok: "Checksum verified",
  failed: "Checksum check failed",
  "restore-verified": "Verified by restoring",
  "restore-failed": "Test restore failed",
};

/** The run's last verification (checksum or test restore), with its time and what was checked. */
export function RunVerification({ run }: { run: Pick<RunDto, "verifiedAt" | "verifyStatus" | "verifyMessage"> }) {
  if (!run.verifyStatus) return null;
  const good = run.verifyStatus === "ok" || run.verifyStatus === "restore-verified";
  return (
    <Alert variant={good ? "success" : "destructive"} className="mb-4" data-testid="run-verification">
      <p className="font-semibold">
        {WORDS[run.verifyStatus] ?? run.verifyStatus} <RelativeTime iso={run.verifiedAt} />
      </p>
      {run.verifyMessage ? <p className="mt-1 break-words text-xs">{run.verifyMessage}</p> : null}
    </Alert>
  );
}
