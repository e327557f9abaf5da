import { z } from "zod";

/** docker_volume {volume}: a named volume, read through a throwaway container. */
export const dockerVolumeSource = z.object({
  volume: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "A Docker volume name: letters, digits, _ . -"),
});
