import { formatBytes } from "../../ui/units";
import type { EventContext } from "./event-context";
import { EVENT_TITLES } from "../../ui/event-labels";

export { EVENT_TITLES };

/** One notification, in the forms the transports need. */
export interface NotifyMessage {
  subject: string;
  text: string;
  /** The webhook JSON document (non-Slack). */
  json: Record<string, unknown>;
}

const STATUS_OF: Record<string, string> = {
  "run.failed": "failed",
  "run.partial": "partial",
  "target.overdue": "overdue",
  "target.recovered": "ok",
  "restore.success": "success",
  "restore.failed": "failed",
  "test_restore.failed": "failed",
  "storage.forecast": "warning",
  "pitr.stopped": "failed",
  "pitr.lagging": "warning",
  "pitr.slot_bloat": "warning",
  "copy.failed": "failed",
  "copy.lagging": "overdue",
  "copy.recovered": "ok",
  "copy.corrupt": "failed",
  "server.unreachable": "failed",
  "server.host_key_changed": "failed",
};

export interface MessageOptions {
  baseUrl: string;
  timezone: string;
}

/** "2025-03-01 17:05 (Asia/Ho_Chi_Minh)": people read alerts in their own timezone. */
export function formatWhen(d: Date, timezone: string): string {
  const s = new Intl.DateTimeFormat("sv-SE", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(d);
  return `${s} (${timezone})`;
}

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

const RESTORE_EVENTS = new Set(["restore.success", "restore.failed", "test_restore.failed"]);

/**
 * Where the message links to: a restore event to its restore, anything else to its run, else
 * to the target. runUrl is the run either way (for a restore: the backup it restored from).
 */
export function linkFor(ctx: EventContext, baseUrl: string): { url: string; runUrl: string | null; label: string } {
  const base = baseUrl.replace(/\/+$/, "");
  const runUrl = ctx.event.runId ? `${base}/runs/${ctx.event.runId}` : null;
  if (ctx.event.restoreId && RESTORE_EVENTS.has(ctx.event.type)) {
    return { url: `${base}/restores/${ctx.event.restoreId}`, runUrl, label: "Restore" };
  }
  if (runUrl) return { url: runUrl, runUrl, label: "Run" };
  if (ctx.event.targetId) return { url: `${base}/targets/${ctx.event.targetId}`, runUrl: null, label: "Target" };
  return { url: `${base}/`, runUrl: null, label: "Open" };
}

export function errorOf(ctx: EventContext): string | null {
  const p = ctx.event.payload ?? {};
  return str(p.error) ?? str(p.errorSummary) ?? ctx.run?.errorSummary ?? ctx.restore?.errorSummary ?? null;
}

export function subjectOf(ctx: EventContext): string {
  const title = EVENT_TITLES[ctx.event.type] ?? ctx.event.type;
  const p = ctx.event.payload ?? {};
  if (ctx.app && ctx.target) return `${title}: ${ctx.app.name}/${ctx.target.name}`;
  const volume = str(p.volume) ?? str(p.storageRoot) ?? str(p.server);
  return volume ? `${title}: ${volume}` : title;
}

/** The lines that say what happened, shared by single messages and the digest. */
export function detailLines(ctx: EventContext, opts: MessageOptions): string[] {
  const p = ctx.event.payload ?? {};
  const lines = [`When: ${formatWhen(ctx.event.at, opts.timezone)}`];
  if (ctx.app && ctx.target) lines.push(`App: ${ctx.app.name}`, `Target: ${ctx.target.name}`);
  const error = errorOf(ctx);
  if (error) lines.push(`Error: ${error}`);
  const note = str(p.message);
  if (note) lines.push(note);
  if (ctx.event.type === "target.overdue") {
    const slot = str(p.slot);
    if (slot && !Number.isNaN(Date.parse(slot))) lines.push(`Missed slot: ${formatWhen(new Date(slot), opts.timezone)}`);
    const last = ctx.target?.lastSuccessAt;
    lines.push(`Last success: ${last ? formatWhen(last, opts.timezone) : "never"}`);
  }
  if (str(p.trigger)) lines.push(`Triggered by: ${str(p.trigger)}`);
  if (str(p.destination)) lines.push(`Destination: ${str(p.destination)}`);
  if (ctx.event.type === "storage.forecast") {
    const days = typeof p.daysUntilFull === "number" ? p.daysUntilFull : typeof p.daysLeft === "number" ? p.daysLeft : null;
    lines.push(str(p.words) ?? (days === null ? "Filling up" : `Full in about ${Math.round(days)} days at the current growth`));
    if (Array.isArray(p.roots) && p.roots.length) lines.push(`Storage folders: ${p.roots.join(", ")}`);
    if (typeof p.freeBytes === "number") lines.push(`Free now: ${formatBytes(p.freeBytes)}`);
  }
  const link = linkFor(ctx, opts.baseUrl);
  lines.push(`${link.label}: ${link.url}`);
  return lines;
}

export function buildMessage(ctx: EventContext, opts: MessageOptions): NotifyMessage {
  const subject = subjectOf(ctx);
  const lines = detailLines(ctx, opts);
  const { url, runUrl } = linkFor(ctx, opts.baseUrl);
  return {
    subject: `[Lifeboat] ${subject}`,
    text: `${subject}\n\n${lines.join("\n")}\n`,
    json: {
      event: ctx.event.type,
      eventId: ctx.event.id,
      title: EVENT_TITLES[ctx.event.type] ?? ctx.event.type,
      app: ctx.app?.name ?? null,
      target: ctx.target?.name ?? null,
      appId: ctx.app?.id ?? null,
      targetId: ctx.target?.id ?? null,
      runId: ctx.event.runId,
      restoreId: ctx.event.restoreId,
      at: ctx.event.at.toISOString(),
      status: STATUS_OF[ctx.event.type] ?? null,
      error: errorOf(ctx),
      runUrl,
      url,
      text: `${subject}\n${lines.join("\n")}`,
      payload: ctx.event.payload ?? null,
    },
  };
}

/** One daily summary for a digest channel. */
export function buildDigest(contexts: EventContext[], opts: MessageOptions, now: Date): NotifyMessage {
  const sorted = [...contexts].sort((a, b) => a.event.at.getTime() - b.event.at.getTime());
  const subject = `Daily summary: ${sorted.length} event${sorted.length === 1 ? "" : "s"}`;
  const items = sorted.map((ctx) => {
    const { url } = linkFor(ctx, opts.baseUrl);
    const error = errorOf(ctx);
    return {
      ctx,
      line: `- ${formatWhen(ctx.event.at, opts.timezone)} ${subjectOf(ctx)}${error ? ` — ${error}` : ""} (${url})`,
    };
  });
  const text = `${subject}\n\n${items.map((i) => i.line).join("\n")}\n`;
  return {
    subject: `[Lifeboat] ${subject}`,
    text,
    json: {
      event: "digest",
      at: now.toISOString(),
      count: sorted.length,
      text,
      events: items.map(({ ctx }) => buildMessage(ctx, opts).json),
    },
  };
}

/** What "Send test" sends. */
export function buildTestMessage(channelName: string, opts: MessageOptions, now: Date): NotifyMessage {
  const subject = `Test message for channel "${channelName}"`;
  const text = `${subject}\n\nWhen: ${formatWhen(now, opts.timezone)}\nIf you read this, Lifeboat can reach you here.\nOpen: ${opts.baseUrl.replace(/\/+$/, "")}/settings/notifications\n`;
  return {
    subject: `[Lifeboat] ${subject}`,
    text,
    json: { event: "test", at: now.toISOString(), status: "test", app: null, target: null, error: null, runUrl: null, text },
  };
}
