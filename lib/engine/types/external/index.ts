import { z } from "zod";
import type { TargetTypeModule } from "../module";

/**
 * Backed up by the team's own scripts, which report each run over the API or a ping URL:
 * Lifeboat runs nothing (no `backup`), restores nothing and has no source fields.
 */
export const externalType: TargetTypeModule = {
  type: "external",
  label: "External (reported by your cron script)",
  fields: [],
  schema: z.object({}).passthrough(),
  secretFields: [],
  describe: () => ({}),
  payloadNames: [],
};
