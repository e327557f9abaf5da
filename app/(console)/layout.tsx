import Link from "next/link";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { countUsers } from "@/lib/services/users/create";
import { Brand } from "@/components/shell/brand";
import { Nav, type NavItem } from "@/components/shell/nav";
import { MobileNav } from "@/components/shell/mobile-nav";
import { UserBox } from "@/components/shell/user-box";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { CommandPalette, PaletteButton } from "@/components/shell/command-palette";
import { RecoveryKitBanner } from "@/components/storage-locations/recovery-kit-banner";
import { recoveryKitStatus } from "@/lib/services/recovery-kit/status";

export const dynamic = "force-dynamic";

const ITEMS: (NavItem & { admin?: boolean })[] = [
  { href: "/", label: "Dashboard" },
  { href: "/apps", label: "Apps" },
  { href: "/targets", label: "Targets" },
  { href: "/schedules", label: "Schedules" },
  { href: "/runs", label: "Runs" },
  { href: "/restores", label: "Restores" },
  { href: "/storage", label: "Storage" },
  { href: "/users", label: "Users", admin: true },
  { href: "/audit", label: "Audit", admin: true },
  { href: "/settings", label: "Settings", admin: true },
  { href: "/account", label: "Your account" },
];

/**
 * The console shell: a sidebar from 768 px up; below, a top bar whose menu button opens the same
 * navigation as a drawer. The command palette (Ctrl/Cmd-K) is mounted once here.
 */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  if (countUsers() === 0) redirect("/setup");
  const actor = await currentActor();
  if (!actor) redirect("/login");
  const items = ITEMS.filter((i) => !i.admin || actor.role === "admin");
  const navItems = items.map(({ href, label }) => ({ href, label }));
  return (
    <div className="min-h-screen md:grid md:grid-cols-[13rem_minmax(0,1fr)]">
      {/* The column keeps its colour down the whole page; its content stays in view while the page scrolls. */}
      <aside className="hidden border-r bg-sidebar md:block">
        <div className="sticky top-0 flex h-screen flex-col gap-4 p-3">
          <div className="flex items-center justify-between px-3 pt-2 text-lg">
            <Link href="/" aria-label="Lifeboat home">
              <Brand />
            </Link>
            <ThemeToggle />
          </div>
          <PaletteButton />
          <Nav items={navItems} />
          <div className="mt-auto">
            <UserBox email={actor.email} role={actor.role} />
          </div>
        </div>
      </aside>
      <div className="min-w-0">
        <header className="sticky top-0 z-40 flex h-14 items-center gap-1 border-b bg-background/95 px-2 backdrop-blur md:hidden">
          <MobileNav items={navItems} footer={<UserBox email={actor.email} role={actor.role} />} />
          <Link href="/" aria-label="Lifeboat home" className="text-lg">
            <Brand />
          </Link>
          <div className="ml-auto flex items-center gap-1">
            <PaletteButton compact />
            <ThemeToggle />
          </div>
        </header>
        <main className="mx-auto min-w-0 max-w-screen-2xl p-4 md:p-6">
          <RecoveryKitBanner needed={recoveryKitStatus(actor).needed} />
          {children}
        </main>
      </div>
      <CommandPalette role={actor.role} />
    </div>
  );
}
