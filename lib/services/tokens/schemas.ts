import { z } from "zod";
import { ROLES } from "../../db/schema";

export const createTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(100, "Use at most 100 characters"),
  role: z.enum(ROLES, { message: "Choose viewer, operator or admin" }),
  /** ISO date or date-time; null/empty = never expires. */
  expiresAt: z
    .union([z.string().trim(), z.date(), z.null()])
    .optional()
    .transform((v, ctx) => {
      if (v == null || v === "") return null;
      const d = v instanceof Date ? v : new Date(v);
      if (Number.isNaN(d.getTime())) {
        ctx.addIssue({ code: "custom", message: "Enter a valid date" });
        return z.NEVER;
      }
      if (d.getTime() <= Date.now()) {
        ctx.addIssue({ code: "custom", message: "The expiry must be in the future" });
        return z.NEVER;
      }
      return d;
    }),
  /** null/empty = every app; else the app ids the token may see and act on. */
  appIds: z
    .array(z.coerce.number().int().positive())
    .max(500)
    .optional()
    .nullable()
    .transform((v) => (v && v.length > 0 ? [...new Set(v)].sort((a, b) => a - b) : null)),
});
export type CreateTokenInput = z.input<typeof createTokenInput>;
