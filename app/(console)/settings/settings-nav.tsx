"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/ui/cn";

const ITEMS = [
  { href: "/settings", label: "General" },
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/notifications", label: "Notifications" },
  { href: "/settings/storage", label: "Storage locations" },
  { href: "/settings/servers", label: "Servers" },
  { href: "/settings/sign-in", label: "Sign-in" },
];

/** The settings sub-navigation (each section is its own page). */
export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mb-4 flex gap-1 overflow-x-auto border-b border-border">
      {ITEMS.map((i) => {
        const active = i.href === "/settings" ? pathname === "/settings" : pathname.startsWith(i.href);
        return (
          <Link
            key={i.href}
            href={i.href}
            aria-current={active ? "page" : undefined}
            className={cn("-mb-px border-b-2 border-transparent px-3 py-1.5 text-sm text-muted-foreground hover:text-foreground", active && "border-foreground font-medium text-foreground")}
          >
            {i.label}
          </Link>
        );
      })}
    </nav>
  );
}
