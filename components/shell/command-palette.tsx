"use client";

import { useCallback, useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ArrowRight, Boxes, Database, History, Monitor, Moon, Play, Search, Sun } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList, CommandShortcut } from "@/components/ui/command";
import { StatusBadge } from "@/components/status/status-badge";
import { roleAtLeast } from "@/lib/auth/permissions";
import { findRunAction, paletteDataAction } from "@/lib/actions/palette";
import { triggerRunAction } from "@/lib/actions/trigger-run";
import type { PaletteData, PaletteRun } from "@/lib/services/search/palette";
import { saveThemeChoice } from "@/lib/ui/theme";
import { PALETTE_PAGES } from "./palette-pages";

const OPEN_EVENT = "lifeboat:open-palette";

/** The sidebar / top-bar button that opens the palette (the shortcut works anywhere). */
export function PaletteButton({ compact = false }: { compact?: boolean }) {
  const open = () => window.dispatchEvent(new Event(OPEN_EVENT));
  if (compact) {
    return (
      <Button variant="ghost" size="icon-sm" onClick={open} aria-label="Search (Ctrl K)">
        <Search aria-hidden />
      </Button>
    );
  }
  return (
    <Button variant="outline" size="sm" onClick={open} className="justify-start text-muted-foreground" aria-label="Search (Ctrl K)">
      <Search aria-hidden />
      Search…
      <kbd className="ml-auto rounded border bg-muted px-1 font-mono text-[10px]">Ctrl K</kbd>
    </Button>
  );
}

/** Ctrl/Cmd-K: find apps, targets, runs by id and pages, and run actions ("Back up crm/db"). */
export function CommandPalette({ role }: { role: "viewer" | "operator" | "admin" }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const [data, setData] = useState<PaletteData | null>(null);
  const [run, setRun] = useState<PaletteRun | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === "k" && (e.metaKey || e.ctrlKey)) {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    const onOpen = () => setOpen(true);
    document.addEventListener("keydown", onKey);
    window.addEventListener(OPEN_EVENT, onOpen);
    return () => {
      document.removeEventListener("keydown", onKey);
      window.removeEventListener(OPEN_EVENT, onOpen);
    };
  }, []);

  // Fresh data at every opening: targets and their status change while the console is open.
  useEffect(() => {
    if (!open) return;
    let live = true;
    void paletteDataAction().then((r) => {
      if (live && r.ok) setData(r.data);
    });
    return () => {
      live = false;
    };
  }, [open]);

  const runId = /^#?\s*(\d{1,12})$/.exec(search.trim())?.[1];
  useEffect(() => {
    if (!runId) return;
    let live = true;
    void findRunAction({ id: Number(runId) }).then((r) => {
      if (live) setRun(r.ok ? r.data : null);
    });
    return () => {
      live = false;
    };
  }, [runId]);

  const go = useCallback(
    (href: string) => {
      setOpen(false);
      setSearch("");
      router.push(href);
    },
    [router],
  );

  const backUp = async (t: PaletteData["targets"][number]) => {
    setOpen(false);
    setSearch("");
    const label = `${t.appName}/${t.name}`;
    const r = await triggerRunAction({ targetId: t.id });
    if (!r.ok) {
      toast.error(`Could not back up ${label}`, { description: r.error });
      return;
    }
    toast.success(`Backup of ${label} queued`, { description: `Run #${r.data.id}` });
    router.push(`/runs/${r.data.id}`);
  };

  const pages = PALETTE_PAGES.filter((p) => !p.role || roleAtLeast(role, p.role));
  const shownRun = runId && run && String(run.id) === runId ? run : null;

  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), o ? null : setSearch(""))}>
      <DialogContent className="overflow-hidden p-0" hideClose>
        <DialogTitle className="sr-only">Command palette</DialogTitle>
        <DialogDescription className="sr-only">Find an app, a target, a run by its number or a page, or start a backup.</DialogDescription>
        <Command loop>
          <CommandInput aria-label="Search apps, targets, runs, pages and actions" placeholder="Search targets, apps, #run, pages…" value={search} onValueChange={setSearch} />
          <CommandList>
            <CommandEmpty>{data ? "Nothing found." : "Loading…"}</CommandEmpty>
            {shownRun ? (
              <CommandGroup heading="Runs" forceMount>
                <CommandItem value={`run #${shownRun.id}`} forceMount onSelect={() => go(`/runs/${shownRun.id}`)}>
                  <History aria-hidden />
                  Run #{shownRun.id} · {shownRun.appName}/{shownRun.targetName}
                  <StatusBadge status={shownRun.status} />
                </CommandItem>
              </CommandGroup>
            ) : null}
            {data?.targets.some((t) => t.canBackUp) ? (
              <CommandGroup heading="Actions">
                {data.targets
                  .filter((t) => t.canBackUp)
                  .map((t) => (
                    <CommandItem key={`b${t.id}`} value={`Back up ${t.appName}/${t.name}`} keywords={["backup", "run now"]} onSelect={() => void backUp(t)}>
                      <Play aria-hidden />
                      Back up {t.appName}/{t.name}
                    </CommandItem>
                  ))}
              </CommandGroup>
            ) : null}
            {data?.targets.length ? (
              <CommandGroup heading="Targets">
                {data.targets.map((t) => (
                  <CommandItem key={`t${t.id}`} value={`${t.appName}/${t.name} target`} keywords={[t.type]} onSelect={() => go(`/targets/${t.id}`)}>
                    <Database aria-hidden />
                    {t.appName}/{t.name}
                    <CommandShortcut className="tracking-normal">
                      <StatusBadge status={t.status} />
                    </CommandShortcut>
                  </CommandItem>
                ))}
              </CommandGroup>
            ) : null}
            {data?.apps.length ? (
              <CommandGroup heading="Apps">
                {data.apps.map((a) => (
                  <CommandItem key={`a${a.id}`} value={`${a.name} app`} onSelect={() => go(`/apps/${a.id}`)}>
                    <Boxes aria-hidden />
                    {a.name}
                  </CommandItem>
                ))}
              </CommandGroup>
            ) : null}
            <CommandGroup heading="Pages">
              {pages.map((p) => (
                <CommandItem key={p.href} value={`${p.label} page`} keywords={p.keywords} onSelect={() => go(p.href)}>
                  <ArrowRight aria-hidden />
                  {p.label}
                </CommandItem>
              ))}
            </CommandGroup>
            <CommandGroup heading="Theme">
              {(
                [
                  ["light", "Light theme", Sun],
                  ["dark", "Dark theme", Moon],
                  ["system", "System theme", Monitor],
                ] as const
              ).map(([choice, label, Icon]) => (
                <CommandItem key={choice} value={label} onSelect={() => (saveThemeChoice(choice), setOpen(false))}>
                  <Icon aria-hidden />
                  {label}
                </CommandItem>
              ))}
            </CommandGroup>
          </CommandList>
        </Command>
      </DialogContent>
    </Dialog>
  );
}
