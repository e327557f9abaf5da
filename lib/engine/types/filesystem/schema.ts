import { z } from "zod";
import { absPath } from "../shared/db-url";

/** filesystem {path, exclude?}: a folder, and glob patterns left out of the backup. */
export const filesystemSource = z.object({
  path: absPath("folder path"),
  exclude: z.array(z.string().trim().min(1)).max(200).optional(),
});
