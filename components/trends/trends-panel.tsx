"use client";

import { useState } from "react";
import type { TargetTrendsDto, TrendRange } from "@/lib/services/trends/target-trends";
import { RunMetricChart } from "@/components/charts/run-metric-chart";
import { SuccessRateChart } from "@/components/charts/success-rate-chart";
import { Button } from "@/components/ui/button";

/** Both ranges arrive with the page (no client fetch); the toggle only picks which one to draw. */
export function TrendsPanel({ trends }: { trends: TargetTrendsDto }) {
  const [range, setRange] = useState<TrendRange>(30);
  const r = trends.ranges[range];
  return (
    <section aria-labelledby="trends-heading" className="mt-6 grid gap-4 rounded-lg border border-border bg-card p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="trends-heading" className="text-base font-semibold">
          Trends
        </h2>
        <div className="flex gap-1" role="group" aria-label="Trend range">
          {([30, 90] as const).map((d) => (
            <Button key={d} size="sm" variant={d === range ? "default" : "outline"} aria-pressed={d === range} onClick={() => setRange(d)}>
              {d} days
            </Button>
          ))}
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <RunMetricChart series={r.series} metric="size" title="Artifact size" format="bytes" />
        <RunMetricChart series={r.series} metric="duration" title="Run duration" format="duration" />
        <SuccessRateChart days={r.successPerDay} />
      </div>
    </section>
  );
}
