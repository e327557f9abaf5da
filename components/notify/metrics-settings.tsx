"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
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
        Prometheus endpoint <code className="rounded bg-muted px-1">{scrapeUrl}</code>:{" "}
        <Badge variant={s.enabled ? "success" : "muted"}>{s.enabled ? "enabled" : "off"}</Badge>{" "}
        {s.enabled ? (
          <Badge variant={s.tokenSet ? "info" : "warning"}>{s.tokenSet ? "bearer token required" : "open (no token)"}</Badge>
        ) : null}
      </p>
      {token ? (
        <Alert variant="success">
          <p className="font-medium">New metrics token. Copy it now: it is shown only once.</p>
          <code aria-label="New metrics token" data-testid="metrics-token" className="mt-1 block break-all rounded bg-card px-2 py-1 font-mono text-xs">
            {token}
          </code>
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
          <Button
            type="button"
            variant="ghost"
            disabled={pending}
            onClick={() =>
              run(async () => {
                const r = await removeMetricsTokenAction();
                if (r.ok) {
                  setS(r.data);
                  setToken(null);
                } else setError(r.error);
              })
            }
          >
            Remove token (open endpoint)
          </Button>
        ) : null}
      </div>
      <p className="text-xs text-muted-foreground">
        Scrapers send <code>Authorization: Bearer &lt;token&gt;</code>. Without a token, anyone who can reach the console can read
        the metrics (names of apps and targets, sizes, timings). See the README for a Prometheus scrape config.
      </p>
    </div>
  );
}
