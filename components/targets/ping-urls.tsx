import { headers } from "next/headers";
import { currentActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { publicBaseUrl } from "@/lib/http/public-url";
import { getPingKey } from "@/lib/services/reports/ping-key";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { RotatePingKeyButton } from "./rotate-ping-key-button";

function Snippet({ label, code }: { label: string; code: string }) {
  return (
    <div className="grid gap-1">
      <div className="text-xs font-medium text-muted-foreground">{label}</div>
      <CodeBlock label={label} code={code} />
    </div>
  );
}

/**
 * Ping URLs of a target, for cron scripts Lifeboat does not run: copy-paste examples with the
 * target's secret key. Operators see them (the key can only report); admins can rotate the key.
 */
export async function PingUrls({ targetId }: { targetId: number }) {
  const actor = await currentActor();
  if (!actor || !can(actor.role, "report.write")) return null;
  const key = getPingKey(actor, targetId);
  const isAdmin = can(actor.role, "manage");
  const base = publicBaseUrl(await headers());
  const ping = `${base}/api/v1/ping/${key ?? "KEY"}`;
  return (
    <Card className="mt-4">
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle>Ping URLs (report from your own script)</CardTitle>
        {isAdmin ? <RotatePingKeyButton targetId={targetId} hasKey={Boolean(key)} /> : null}
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        {key ? (
          <>
            <p className="text-muted-foreground">
              No token needed: the key in the URL is the secret. The request body (first 100 KiB) is kept as the run&apos;s log; an exit code of 0 means
              success, anything else failure.
            </p>
            <Snippet label="At the end of the script (exit code of the last command)" code={`curl -fsS -X POST --data-binary @backup.log ${ping}/$?`} />
            <Snippet
              label="Whole cron line: start, run, report"
              code={`curl -fsS -X POST ${ping}/start; /usr/local/bin/backup.sh > backup.log 2>&1; curl -fsS -X POST --data-binary @backup.log ${ping}/$?`}
            />
            <Snippet label="Or explicitly" code={`curl -fsS -X POST ${ping}/success\ncurl -fsS -X POST ${ping}/fail`} />
            <Snippet
              label="With an API token (size, duration, artifact path)"
              code={`curl -fsS -X POST -H "Authorization: Bearer $LIFEBOAT_TOKEN" -H "Content-Type: application/json" \\\n  -d '{"event":"success","sizeBytes":123456,"durationMs":5000}' ${base}/api/v1/targets/${targetId}/report`}
            />
          </>
        ) : (
          <p className="text-muted-foreground">This target has no ping key yet{isAdmin ? ": create one to get its ping URLs." : "; an admin can create one."}</p>
        )}
      </CardContent>
    </Card>
  );
}
