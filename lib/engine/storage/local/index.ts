import path from "node:path";
import { z } from "zod";
import { dataDirError } from "../../../data-dir";
import type { StorageKind } from "../kind";
import { LocalBackend } from "./backend";

const settings = z.object({
  path: z
    .string()
    .trim()
    .min(1, "Give the folder's absolute path")
    .refine((p) => path.isAbsolute(p), "Use an absolute path")
    .transform((p) => path.resolve(p))
    // A storage folder may live inside the data directory (the default, data/backups) but may not be it or hold it.
    .superRefine((p, ctx) => {
      const msg = dataDirError(p, "storage folder", { allowInside: true });
      if (msg) ctx.addIssue({ code: "custom", message: msg });
    }),
});

/** A folder on this machine; a mounted NAS share is one too. */
export const localKind: StorageKind<z.infer<typeof settings>> = {
  kind: "local",
  label: "Local folder",
  settings,
  secretFields: [],
  create: (s) => new LocalBackend(s.path),
  where: (s) => path.resolve(s.path),
};
