"use client";

import { ActionButton } from "@/components/ui/action-button";
import { stopPitrServerAction } from "@/lib/actions/pitr";

/** "Stop server now": the private server a point-in-time restore keeps for inspection (operator). */
export function PitrStopServer({ targetId, restoreId, port }: { targetId: number; restoreId: number; port: number }) {
  return (
    <ActionButton
      label="Stop server now"
      pendingLabel="Stopping…"
      size="sm"
      variant="outline"
      ariaLabel={`Stop the private server of restore #${restoreId} now`}
      confirm={{
        title: "Stop the private server now?",
        description: `The private PostgreSQL on port ${port} is stopped and its scratch copy removed; anyone connected to it is disconnected. The restored database is not touched.`,
        action: "Stop server",
      }}
      success={() => "The private server is stopped and its scratch copy removed"}
      run={() => stopPitrServerAction({ targetId, restoreId })}
    />
  );
}
