import { artifactRoute } from "@/lib/http/artifact-route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Ctx) {
  return artifactRoute(request, (await params).id, "sha256");
}

export async function HEAD(request: Request, { params }: Ctx) {
  return artifactRoute(request, (await params).id, "sha256");
}
