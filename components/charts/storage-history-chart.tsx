"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StoragePoint } from "@/lib/services/trends/storage-history";
import { formatBytes } from "@/lib/ui/units";
import { bytesTick, COLORS, count, dayTick } from "./chart-format";
import { ChartFrame } from "./chart-frame";

export function StorageHistoryChart({ points }: { points: StoragePoint[] }) {
  const last = points.at(-1);
  const summary =
    points.length < 2
      ? "collecting: one sample per storage folder per day"
      : `${count(points.length, "day")}, now ${formatBytes(last?.usedBytes ?? 0)}`;
  return (
    <ChartFrame title="Total storage used over time" summary={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={dayTick} fontSize={11} />
          <YAxis tickFormatter={bytesTick} width={72} fontSize={11} />
          <Tooltip
            content={({ active, payload }) => {
              const p = payload?.[0]?.payload as StoragePoint | undefined;
              return active && p ? (
                <div className="rounded border bg-white px-2 py-1 text-xs shadow">
                  {p.day}: {formatBytes(p.usedBytes)}
                </div>
              ) : null;
            }}
          />
          <Area dataKey="usedBytes" stroke={COLORS.area} fill={COLORS.area} fillOpacity={0.2} isAnimationActive={false} dot={points.length < 3} />
        </AreaChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
