import type { Actor } from "@/lib/auth/actor";

type Role = Actor["role"];

/** Pages the command palette offers, with the least role that opens them. */
export const PALETTE_PAGES: { href: string; label: string; keywords?: string[]; role?: Role }[] = [
  { href: "/", label: "Dashboard", keywords: ["home", "health", "overview"] },
  { href: "/apps", label: "Apps" },
  { href: "/targets", label: "Targets" },
  { href: "/schedules", label: "Schedules", keywords: ["cron"] },
  { href: "/runs", label: "Runs", keywords: ["history", "logs"] },
  { href: "/runs?status=failed", label: "Failed runs", keywords: ["errors"] },
  { href: "/restores", label: "Restores", keywords: ["upload"] },
  { href: "/apps/new", label: "New app", role: "admin" },
  { href: "/targets/new", label: "New target", role: "admin" },
  { href: "/schedules/new", label: "Add schedule", role: "admin" },
  { href: "/users", label: "Users", role: "admin" },
  { href: "/users/new", label: "Add user", role: "admin" },
  { href: "/audit", label: "Audit trail", role: "admin" },
  { href: "/settings", label: "Settings", role: "admin" },
  { href: "/settings/tokens", label: "API tokens", role: "admin" },
  { href: "/settings/notifications", label: "Notifications", keywords: ["email", "webhook", "slack"], role: "admin" },
  { href: "/settings/sign-in", label: "Sign-in settings", keywords: ["sso", "2fa", "passkeys"], role: "admin" },
  { href: "/account", label: "Your account", keywords: ["password", "2fa", "passkeys"] },
];
