import { openApiDocument } from "@/lib/api/openapi";
import { json } from "@/lib/api/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const url = new URL(request.url);
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  return json(openApiDocument(process.env.LIFEBOAT_PUBLIC_URL ?? `${proto}://${host}`));
}
