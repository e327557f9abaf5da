import { NextResponse } from "next/server";
import { getHealth } from "@/lib/services/health/status";

export const dynamic = "force-dynamic";

/** No auth: for load balancers, Docker HEALTHCHECK and uptime monitors. 503 names what is wrong. */
export function GET() {
  const h = getHealth();
  return NextResponse.json(h, { status: h.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
