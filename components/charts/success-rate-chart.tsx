"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DaySuccess } from "@/lib/services/trends/per-day";
import { spanOf, timeTickFormatter } from "@/lib/ui/chart-ticks";
import { AXIS, COLORS, count, percentTick } from "./chart-format";
import { ChartFrame, ChartTooltipBox } from "./chart-frame";

/** One bar per day of the range (a fixed calendar axis, so one day with runs is already honest). */
export function SuccessRateChart({ days }: { days: DaySuccess[] }) {
  const rows = days.map((d) => ({ ...d, percent: d.rate === null ? null : Math.round(d.rate * 1000) / 10 }));
  const withRuns = days.filter((d) => d.rate !== null);
  const ok = withRuns.reduce((s, d) => s + d.success, 0);
  const all = withRuns.reduce((s, d) => s + d.success + d.unsuccessful, 0);
  const summary = all ? `${Math.round((ok / all) * 1000) / 10} % of ${count(all, "run")} succeeded` : "no finished runs in this range";
  const [min, max] = spanOf(rows);
  return (
    <ChartFrame title="Success rate per day" summary={summary} empty={all ? null : "No finished runs in this range."}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={COLORS.grid} vertical={false} />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin - 43200000", "dataMax + 43200000"]} tickFormatter={timeTickFormatter(min, max)} {...AXIS} />
          <YAxis domain={[0, 100]} ticks={[0, 50, 100]} tickFormatter={percentTick} width={52} {...AXIS} />
          <Tooltip
            cursor={{ fill: COLORS.grid }}
            content={({ active, payload }) => {
              const d = payload?.[0]?.payload as (DaySuccess & { percent: number | null }) | undefined;
              if (!active || !d) return null;
              return (
                <ChartTooltipBox>
                  {d.day}: {d.percent === null ? "no runs" : `${d.percent} % (${d.success} ok, ${d.unsuccessful} not)`}
                </ChartTooltipBox>
              );
            }}
          />
          <Bar dataKey="percent" isAnimationActive={false} radius={[2, 2, 0, 0]}>
            {rows.map((d) => (
              <Cell key={d.day} fill={d.rate === 1 ? COLORS.success : COLORS.failed} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
