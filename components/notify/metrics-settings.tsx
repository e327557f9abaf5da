"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { toast } from "sonner";
import type { MetricsSettingsDto } from "@/lib/metrics/settings";
import {
  generateMetricsTokenAction,
  removeMetricsTokenAction,
  setMetricsEnabledAction,
} from "@/app/(console)/settings/notifications/actions";

/** Turn /api/metrics on or off and manage its bearer token (shown once). */
export function MetricsSettings({ initial, scrapeUrl }: { initial: MetricsSettingsDto; scrapeUrl: string }) {
  const [s, setS] = useState(initial);
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (fn: () => Promise<void>) => start(async () => (setError(null), await fn()));
  return (
    <div className="grid gap-3 text-sm">
      <p>
        Prometheus endpoint <code className="break-all rounded bg-muted px-1">{scrapeUrl}</code>
        <CopyButton text={scrapeUrl} label="Copy the scrape URL" className="h-6 w-6 align-middle" />:{" "}
        <Badge variant={s.enabled ? "success" : "muted"}>{s.enabled ? "enabled" : "off"}</Badge>{" "}
        {s.enabled ? (
          <Badge variant={s.tokenSet ? "info" : "warning"}>{s.tokenSet ? "bearer token required" : "open (no token)"}</Badge>
        ) : null}
      </p>
      {token ? (
        <Alert variant="success">
          <p className="mb-2 font-medium">New metrics token. Copy it now: it is shown only once.</p>
          <CodeBlock label="New metrics token" code={token} testId="metrics-token" className="bg-card" />
        </Alert>
      ) : null}
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant={s.enabled ? "outline" : "default"}
          disabled={pending}
          onClick={() =>
            run(async () => {
              const r = await setMetricsEnabledAction(!s.enabled);
              if (r.ok) setS(r.data);
              else setError(r.error);
            })
          }
        >
          {s.enabled ? "Turn metrics off" : "Turn metrics on"}
        </Button>
        <Button
          type="button"
          variant="outline"
          disabled={pending}
          onClick={() =>
            run(async () => {
              const r = await generateMetricsTokenAction();
              if (r.ok) {
                setToken(r.data.token);
                setS((x) => ({ ...x, tokenSet: true }));
              } else setError(r.error);
            })
          }
        >
          {s.tokenSet ? "Replace metrics token" : "Generate metrics token"}
        </Button>
        {s.tokenSet ? (
          <ConfirmButton
            label="Remove token (open endpoint)"
            size="default"
            variant="ghost"
            question="Remove the metrics token?"
            description="The endpoint stays on without a token: anyone who can reach the console can read the metrics (names of apps and targets, sizes, timings). Scrapers with the old token keep working."
            confirmLabel="Remove token"
            onConfirm={async () => {
              const r = await removeMetricsTokenAction();
              if (r.ok) {
                setS(r.data);
                setToken(null);
                toast.success("Metrics token removed: the endpoint is open");
              }
              return r;
            }}
          />
        ) : null}
      </div>
      <p className="text-xs text-muted-foreground">
        Scrapers send <code>Authorization: Bearer &lt;token&gt;</code>. Without a token, anyone who can reach the console can read
        the metrics (names of apps and targets, sizes, timings). See the README for a Prometheus scrape config.
      </p>
    </div>
  );
}
