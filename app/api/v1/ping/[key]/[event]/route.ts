import { clientIp } from "@/lib/api/auth";
import { readBodyCapped } from "@/lib/api/body";
import { handle, json } from "@/lib/api/respond";
import { toApiRun } from "@/lib/api/run-shape";
import { ping, PING_LOG_MAX_BYTES } from "@/lib/services/reports/ping";

export const dynamic = "force-dynamic";

type PingContext = { params: Promise<{ key: string; event: string }> };

/**
 * Ping URLs for cron one-liners: no bearer token, the per-target key in the path is the secret.
 * /start, /success, /fail or /<exit code>; the body (first 100 KiB) is kept as the run's log.
 */
export const POST = handle(async (request: Request, { params }: PingContext) => {
  const { key, event } = await params;
  const body = await readBodyCapped(request, PING_LOG_MAX_BYTES);
  const { run, created } = ping(key, event, body, clientIp(request));
  return json({ run: toApiRun(run) }, created ? 201 : 200);
});
