"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/safe-action";
import { updateSettings } from "@/lib/services/settings/settings";

// The service validates each value (zod in lib/services/settings); here the form's shape only.
const input = z.object({
  defaultTimezone: z.string(),
  maxParallelRuns: z.string(),
  retentionSweepTime: z.string(),
  defaultStorageDir: z.string(),
  uploadMaxMb: z.string(),
  scrubSample: z.string(),
});

/** Save the console-wide defaults (admin). They apply at once: readers call getSettings() per use. */
export async function saveGeneralSettingsAction(raw: unknown) {
  const r = await runAction("manage", input, raw, (actor, d) => {
    const mb = d.uploadMaxMb.trim() === "" ? NaN : Number(d.uploadMaxMb);
    const s = updateSettings(actor, {
      defaultTimezone: d.defaultTimezone,
      maxParallelRuns: d.maxParallelRuns as unknown as number,
      retentionSweepTime: d.retentionSweepTime.trim(),
      defaultStorageDir: d.defaultStorageDir,
      uploadMaxBytes: Math.round(mb * 1024 * 1024),
      scrubSample: (d.scrubSample.trim() === "" ? NaN : Number(d.scrubSample)) as number,
    });
    return { saved: Boolean(s) };
  });
  if (!r.ok && r.fieldErrors?.uploadMaxBytes) r.fieldErrors.uploadMaxMb = "Enter a size of at least 1 MiB";
  if (r.ok) revalidatePath("/settings");
  return r;
}
