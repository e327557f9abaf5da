import { z } from "zod";
import { ROLES } from "../../db/schema";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .email("Enter a valid email address");
export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");

export const createUserInput = z.object({
  email: emailSchema,
  name: z.string().trim().max(100).optional().nullable(),
  password: passwordSchema,
  role: z.enum(ROLES),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z.object({
  id: z.coerce.number().int().positive(),
  name: z.string().trim().max(100).optional().nullable(),
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
  password: passwordSchema.optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserInput>;
