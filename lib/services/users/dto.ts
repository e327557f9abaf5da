import type { User } from "../../db/schema";

export interface UserDto {
  id: number;
  email: string;
  name: string | null;
  role: User["role"];
  disabled: boolean;
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
    lastSignInAt: u.lastSignInAt ? u.lastSignInAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  };
}
