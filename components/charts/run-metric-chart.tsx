"use client";

import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendSeries } from "@/lib/services/trends/per-day";
import { MIN_POINTS, spanOf, timeTickFormatter } from "@/lib/ui/chart-ticks";
import { AXIS, bytesTick, COLORS, count, durationTick, timeLabel } from "./chart-format";
import { ChartFrame, ChartTooltipBox } from "./chart-frame";

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
  const summary = rows.length
    ? (series.mode === "runs" ? count(series.points.length, "run") : `${count(series.points.length, "day")} (one point per day)`) + `, ${failed} failed (red)`
    : "no runs in this range";
  const [min, max] = spanOf(rows);
  const empty = rows.length < MIN_POINTS ? `A trend needs at least two runs; ${rows.length === 1 ? "only one so far" : "none yet"} in this range.` : null;
  return (
    <ChartFrame title={title} summary={summary} empty={empty}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={COLORS.grid} vertical={false} />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTickFormatter(min, max)} {...AXIS} />
          <YAxis tickFormatter={fmt} width={68} domain={[0, "auto"]} {...AXIS} />
          <Tooltip
            cursor={{ stroke: COLORS.grid }}
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as Row | undefined;
              return active && row ? <ChartTooltipBox>{row.label}</ChartTooltipBox> : null;
            }}
          />
          {series.mode === "daily" ? (
            <Line dataKey="max" stroke={COLORS.max} dot={false} strokeDasharray="4 3" isAnimationActive={false} name="max" />
          ) : null}
          <Line
            dataKey="value"
            stroke={COLORS.line}
            strokeWidth={2}
            dot={rows.length <= 120 ? { r: 2, fill: COLORS.line } : false}
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
