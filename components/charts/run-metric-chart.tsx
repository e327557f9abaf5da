"use client";

import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendSeries } from "@/lib/services/trends/per-day";
import { bytesTick, COLORS, count, dayTick, durationTick, timeLabel } from "./chart-format";
import { ChartFrame } from "./chart-frame";

type Metric = "size" | "duration";

interface Row {
  at: number;
  value: number | null;
  max: number | null;
  failedMark: number | null;
  label: string;
}

/** Rows for one metric: per run (failed runs as red marks on the axis) or per day (avg, max, failures). */
function rowsOf(series: TrendSeries, metric: Metric, fmt: (n: number) => string): Row[] {
  if (series.mode === "runs") {
    return series.points.map((p) => {
      const v = metric === "size" ? p.sizeBytes : p.durationMs;
      return {
        at: p.at,
        value: p.failed ? null : v,
        max: null,
        failedMark: p.failed ? (v ?? 0) : null,
        label: `${timeLabel(p.at)} — run #${p.runId} ${p.status}${v != null ? `, ${fmt(v)}` : ""}`,
      };
    });
  }
  return series.points.map((d) => {
    const avg = metric === "size" ? d.avgSizeBytes : d.avgDurationMs;
    const max = metric === "size" ? d.maxSizeBytes : d.maxDurationMs;
    return {
      at: d.at,
      value: avg,
      max,
      failedMark: d.failed > 0 ? (avg ?? 0) : null,
      label: `${d.day} — ${count(d.runs, "run")}, ${d.failed} failed${avg != null ? `, avg ${fmt(avg)}, max ${fmt(max ?? avg)}` : ""}`,
    };
  });
}

export function RunMetricChart({
  series,
  metric,
  title,
  format,
}: {
  series: TrendSeries;
  metric: Metric;
  title: string;
  format: "bytes" | "duration";
}) {
  const fmt = format === "bytes" ? bytesTick : durationTick;
  const rows = rowsOf(series, metric, fmt);
  const failed = series.mode === "runs" ? series.points.filter((p) => p.failed).length : series.points.reduce((s, d) => s + d.failed, 0);
  const summary =
    (series.mode === "runs" ? count(series.points.length, "run") : `${count(series.points.length, "day")} (one point per day)`) +
    `, ${failed} failed (red)`;
  return (
    <ChartFrame title={title} summary={rows.length ? summary : "no runs in this range"}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={dayTick} fontSize={11} />
          <YAxis tickFormatter={fmt} width={72} fontSize={11} />
          <Tooltip
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as Row | undefined;
              return active && row ? <div className="rounded border bg-white px-2 py-1 text-xs shadow">{row.label}</div> : null;
            }}
          />
          {series.mode === "daily" ? (
            <Line dataKey="max" stroke={COLORS.max} dot={false} strokeDasharray="4 3" isAnimationActive={false} name="max" />
          ) : null}
          <Line
            dataKey="value"
            stroke={COLORS.line}
            dot={rows.length <= 120 ? { r: 2 } : false}
            connectNulls
            isAnimationActive={false}
            name={series.mode === "daily" ? "average" : "value"}
          />
          <Scatter dataKey="failedMark" fill={COLORS.failed} shape="cross" isAnimationActive={false} name="failed" />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
