// Issue 12: the storage chart drew one 0 B point on a 0–4 B axis under "13 MiB in total". Charts
// show an empty state until there are two points, and agree with the total beside them.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StorageHistoryChart } from "@/components/charts/storage-history-chart";
import { RunMetricChart } from "@/components/charts/run-metric-chart";

const MiB = 1024 * 1024;
const day = (d: string, usedBytes: number) => ({ day: d, at: Date.parse(`${d}T12:00:00Z`), usedBytes });
const run = (runId: number, at: string) => ({ runId, at: Date.parse(at), status: "success", failed: false, sizeBytes: 1000, durationMs: 2000 });
const html = (el: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(el);

describe("charts with too few points", () => {
  it("storage: one day says it is collecting, with today's total, and draws nothing", () => {
    const out = html(createElement(StorageHistoryChart, { points: [day("2026-12-02", 0)], nowBytes: 13 * MiB, today: day("2026-12-02", 0) }));
    expect(out).toContain('data-testid="chart-empty"');
    expect(out).toContain("the chart starts with the second day. Now 13 MiB.");
    expect(out).not.toContain("0 B");
  });

  it("storage: from the second day it draws, and its last point is the total beside it", () => {
    const out = html(createElement(StorageHistoryChart, { points: [day("2026-12-01", 2 * MiB)], nowBytes: 13 * MiB, today: day("2026-12-02", 0) }));
    expect(out).not.toContain('data-testid="chart-empty"');
    expect(out).toContain("2 days, now 13 MiB");
  });

  it("run trends: one run is not a trend; two are", () => {
    type Series = Parameters<typeof RunMetricChart>[0]["series"];
    const one = { mode: "runs" as const, points: [run(1, "2026-12-02T10:00:00Z")] } satisfies Series;
    expect(html(createElement(RunMetricChart, { series: one, metric: "size", title: "Size", format: "bytes" }))).toContain("A trend needs at least two runs; only one so far in this range.");
    const none: Series = { mode: "runs", points: [] };
    expect(html(createElement(RunMetricChart, { series: none, metric: "size", title: "Size", format: "bytes" }))).toContain("none yet");
    const two = { mode: "runs" as const, points: [run(1, "2026-12-02T10:00:00Z"), run(2, "2026-12-02T10:05:00Z")] } satisfies Series;
    expect(html(createElement(RunMetricChart, { series: two, metric: "size", title: "Size", format: "bytes" }))).not.toContain('data-testid="chart-empty"');
  });
});
