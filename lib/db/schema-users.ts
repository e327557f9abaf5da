import { sqliteTable, text, integer } from "drizzle-orm/sqlite-core";
import { bool, createdAt, ts } from "./columns";

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  name: text("name"),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ROLES }).notNull().default("viewer"),
  disabled: bool("disabled").notNull().default(false),
  /** May sign in with a password even when password sign-in is turned off (set with the CLI). */
  breakGlass: bool("break_glass").notNull().default(false),
  lastSignInAt: ts("last_sign_in_at"),
  /**
   * Sessions signed in before this moment are over (an admin reset the password or the second
   * factors): sessions are signed cookies, so the check is against their sign-in time.
   */
  sessionsValidFrom: ts("sessions_valid_from"),
  createdAt: createdAt(),
  updatedAt: ts("updated_at"),
});
