import { z } from "zod";

// App names end up in storage paths ({app}), so keep them to characters that are safe there.
export const APP_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;

export const appName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(100, "Use at most 100 characters")
  .regex(APP_NAME_RE, "Use letters, digits, spaces, _ . - (starting with a letter or digit)")
  .refine((n) => !n.includes(".."), "A name cannot contain ..");

const description = z
  .string()
  .trim()
  .max(1000, "Use at most 1000 characters")
  .nullish()
  .transform((d) => (d ? d : null));

export const createAppInput = z.object({ name: appName, description });
export type CreateAppInput = z.input<typeof createAppInput>;

export const updateAppInput = z.object({
  id: z.coerce.number().int().positive(),
  name: appName.optional(),
  description: description.optional(),
});
export type UpdateAppInput = z.input<typeof updateAppInput>;

export const appIdInput = z.object({ id: z.coerce.number().int().positive() });
