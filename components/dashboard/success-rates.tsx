import type { SuccessRate } from "@/lib/services/dashboard/health";

function Rate({ label, r }: { label: string; r: SuccessRate }) {
  const total = r.success + r.unsuccessful;
  const pct = r.rate === null ? "—" : `${Math.round(r.rate * 1000) / 10} %`;
  const tone = r.rate === null ? "text-slate-500" : r.rate >= 0.99 ? "text-green-700" : r.rate >= 0.9 ? "text-amber-700" : "text-red-700";
  return (
    <div>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className={`text-2xl font-semibold tabular-nums ${tone}`}>{pct}</dd>
      <dd className="text-xs text-slate-500">{total ? `${r.success} of ${total} runs succeeded` : "no finished runs"}</dd>
    </div>
  );
}

export function SuccessRates({ last24h, last7d }: { last24h: SuccessRate; last7d: SuccessRate }) {
  return (
    <dl aria-label="Success rate" className="grid grid-cols-2 gap-4">
      <Rate label="Success rate, last 24 h" r={last24h} />
      <Rate label="Success rate, last 7 days" r={last7d} />
    </dl>
  );
}
