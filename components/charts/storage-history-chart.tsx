"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StoragePoint } from "@/lib/services/trends/storage-history";
import { formatBytes } from "@/lib/ui/units";
import { MIN_POINTS, spanOf, timeTickFormatter } from "@/lib/ui/chart-ticks";
import { AXIS, bytesTick, COLORS, count } from "./chart-format";
import { ChartFrame, ChartTooltipBox } from "./chart-frame";

/**
 * Daily samples of the storage used, ending with the total measured now, so that the chart's
 * last point and the "… in total" beside it are the same number.
 */
export function StorageHistoryChart({ points, nowBytes, today }: { points: StoragePoint[]; nowBytes: number; today: StoragePoint }) {
  const series = [...points.filter((p) => p.day !== today.day), { ...today, usedBytes: nowBytes }];
  const summary = `${count(series.length, "day")}, now ${formatBytes(nowBytes)}`;
  const empty = series.length < MIN_POINTS ? `Collecting: one sample per day; the chart starts with the second day. Now ${formatBytes(nowBytes)}.` : null;
  const [min, max] = spanOf(series);
  return (
    <ChartFrame title="Total storage used over time" summary={summary} empty={empty}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={COLORS.grid} vertical={false} />
          <XAxis dataKey="at" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTickFormatter(min, max)} {...AXIS} />
          <YAxis tickFormatter={bytesTick} width={68} domain={[0, "auto"]} {...AXIS} />
          <Tooltip
            cursor={{ stroke: COLORS.grid }}
            content={({ active, payload }) => {
              const p = payload?.[0]?.payload as StoragePoint | undefined;
              return active && p ? (
                <ChartTooltipBox>
                  {p.day}: {formatBytes(p.usedBytes)}
                </ChartTooltipBox>
              ) : null;
            }}
          />
          <Area dataKey="usedBytes" stroke={COLORS.area} strokeWidth={2} fill={COLORS.area} fillOpacity={0.2} isAnimationActive={false} dot={series.length < 3} />
        </AreaChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
