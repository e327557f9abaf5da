import { metricsAccess } from "@/lib/metrics/access";
import { collectMetrics } from "@/lib/metrics/collect";
import { CONTENT_TYPE, formatFamilies } from "@/lib/metrics/prometheus";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint: off (404) unless an admin enables it; bearer token when one is set. */
export function GET(request: Request) {
  const access = metricsAccess(request.headers.get("authorization"));
  if (access === 404) return new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain" } });
  if (access === 401) {
    return new Response("Unauthorized: send Authorization: Bearer <metrics token>\n", {
      status: 401,
      headers: { "content-type": "text/plain", "www-authenticate": 'Bearer realm="lifeboat-metrics"' },
    });
  }
  return new Response(formatFamilies(collectMetrics(new Date())), {
    status: 200,
    headers: { "content-type": CONTENT_TYPE, "cache-control": "no-store" },
  });
}
