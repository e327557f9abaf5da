import Link from "next/link";
import { cn } from "@/lib/ui/cn";

/** Server-side paging as plain links (?page=N, other params kept), so it works without JS. */
export function DataTablePagination({
  page,
  pageSize,
  total,
  basePath,
  params,
}: {
  page: number;
  pageSize: number;
  total: number;
  basePath: string;
  params: Record<string, string | undefined>;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v && k !== "page") q.set(k, v);
    if (p > 1) q.set("page", String(p));
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const link = (p: number, label: string, enabled: boolean) =>
    enabled ? (
      <Link href={href(p)} className="rounded-md border border-input bg-card px-3 py-1 hover:bg-accent">
        {label}
      </Link>
    ) : (
      <span aria-disabled="true" className={cn("rounded-md border border-border px-3 py-1 text-muted-foreground/70")}>
        {label}
      </span>
    );
  return (
    <nav aria-label="Pagination" className="mt-3 flex items-center justify-between text-sm text-muted-foreground">
      <span>
        {first}–{last} of {total.toLocaleString("en")} · page {page} of {pages}
      </span>
      <span className="flex gap-2">
        {link(page - 1, "Previous", page > 1)}
        {link(page + 1, "Next", page < pages)}
      </span>
    </nav>
  );
}
