import { pageActor } from "@/lib/auth/page-actor";
import { getTargetTrends } from "@/lib/services/trends/target-trends";
import { TrendsPanel } from "./trends-panel";

/** Per-target trends for the target page: data loaded on the server, drawn by the client charts. */
export async function TargetTrends({ targetId }: { targetId: number }) {
  const actor = await pageActor();
  return <TrendsPanel trends={getTargetTrends(actor, targetId)} />;
}
