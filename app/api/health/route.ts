import { NextResponse } from "next/server";
import { healthStatus } from "@/lib/health";

export const dynamic = "force-dynamic";

export function GET() {
  const h = healthStatus();
  return NextResponse.json(h, { status: h.status === "ok" ? 200 : 503 });
}
