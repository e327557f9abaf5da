"use client";

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DaySuccess } from "@/lib/services/trends/per-day";
import { COLORS, count, dayTick, percentTick } from "./chart-format";
import { ChartFrame } from "./chart-frame";

export function SuccessRateChart({ days }: { days: DaySuccess[] }) {
  const rows = days.map((d) => ({ ...d, percent: d.rate === null ? null : Math.round(d.rate * 1000) / 10 }));
  const withRuns = days.filter((d) => d.rate !== null);
  const ok = withRuns.reduce((s, d) => s + d.success, 0);
  const all = withRuns.reduce((s, d) => s + d.success + d.unsuccessful, 0);
  const summary = all ? `${Math.round((ok / all) * 1000) / 10} % of ${count(all, "run")} succeeded` : "no finished runs in this range";
  return (
    <ChartFrame title="Success rate per day" summary={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin - 43200000", "dataMax + 43200000"]} tickFormatter={dayTick} fontSize={11} />
          <YAxis domain={[0, 100]} tickFormatter={percentTick} width={48} fontSize={11} />
          <Tooltip
            content={({ active, payload }) => {
              const d = payload?.[0]?.payload as (DaySuccess & { percent: number | null }) | undefined;
              if (!active || !d) return null;
              return (
                <div className="rounded border bg-white px-2 py-1 text-xs shadow">
                  {d.day}: {d.percent === null ? "no runs" : `${d.percent} % (${d.success} ok, ${d.unsuccessful} not)`}
                </div>
              );
            }}
          />
          <Bar dataKey="percent" isAnimationActive={false}>
            {rows.map((d) => (
              <Cell key={d.day} fill={d.rate === 1 ? COLORS.success : COLORS.failed} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
