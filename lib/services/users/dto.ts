import type { User } from "../../db/schema";

export interface UserDto {
  id: number;
  email: string;
  name: string | null;
  role: User["role"];
  disabled: boolean;
  /** False for accounts made by single sign-on (they have no local password). */
  hasPassword: boolean;
  /** May sign in with a password even when password sign-in is off (set with the CLI). */
  breakGlass: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

/** Never return a user row itself: it carries the password hash. */
export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    hasPassword: Boolean(u.passwordHash),
    breakGlass: u.breakGlass,
    lastSignInAt: u.lastSignInAt ? u.lastSignInAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  };
}
