import { openApiDocument } from "@/lib/api/openapi";
import { apiError, json } from "@/lib/api/respond";
import { acceptsJson } from "@/lib/api/accept";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  if (!acceptsJson(request)) return apiError(406, "not_acceptable", "This document is JSON only: send Accept: application/json");
  const url = new URL(request.url);
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  return json(openApiDocument(process.env.LIFEBOAT_PUBLIC_URL ?? `${proto}://${host}`));
}
