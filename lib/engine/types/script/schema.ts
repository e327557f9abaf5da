import { z } from "zod";
import { absPath } from "../shared/db-url";

/** script {command, args?}: an executable that writes the backup into $LIFEBOAT_OUTPUT_DIR. */
export const scriptSource = z.object({
  command: absPath("script path"),
  args: z.array(z.string()).max(50).optional(),
});
