import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { listRunFiles } from "@/lib/services/runs/snapshot-files";

export const dynamic = "force-dynamic";

/** One folder of a restic run's snapshot: ?path=/sub/dir&q=word&offset=0&limit=100 (viewer). */
export const GET = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "read");
  const id = idParam((await params).id, "Run");
  const q = new URL(request.url).searchParams;
  const folder = await listRunFiles(actor, id, {
    path: q.get("path") ?? undefined,
    q: q.get("q") ?? undefined,
    offset: q.get("offset") ?? undefined,
    limit: q.get("limit") ?? undefined,
  });
  return json({ folder });
});
