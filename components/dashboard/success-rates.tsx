import type { SuccessRate } from "@/lib/services/dashboard/health";

function Rate({ label, r }: { label: string; r: SuccessRate }) {
  const total = r.success + r.unsuccessful;
  const pct = r.rate === null ? "—" : `${Math.round(r.rate * 1000) / 10} %`;
  const tone = r.rate === null ? "text-muted-foreground" : r.rate >= 0.99 ? "text-green-700 dark:text-green-400" : r.rate >= 0.9 ? "text-amber-700 dark:text-amber-400" : "text-destructive";
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className={`whitespace-nowrap text-2xl font-semibold tabular-nums ${tone}`}>{pct}</dd>
      <dd className="text-xs text-muted-foreground">{total ? `${r.success} of ${total} run${total === 1 ? "" : "s"} succeeded` : "no finished runs"}</dd>
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
