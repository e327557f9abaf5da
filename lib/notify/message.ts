import type { EventContext } from "./event-context";
import { EVENT_TITLES } from "./event-labels";

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

/** Where the message links to: the run, else the restore, else the target. */
export function linkFor(ctx: EventContext, baseUrl: string): { url: string; runUrl: string | null } {
  const base = baseUrl.replace(/\/+$/, "");
  const runUrl = ctx.event.runId ? `${base}/runs/${ctx.event.runId}` : null;
  if (runUrl) return { url: runUrl, runUrl };
  if (ctx.event.restoreId) return { url: `${base}/restores/${ctx.event.restoreId}`, runUrl: null };
  if (ctx.event.targetId) return { url: `${base}/targets/${ctx.event.targetId}`, runUrl: null };
  return { url: `${base}/`, runUrl: null };
}

export function errorOf(ctx: EventContext): string | null {
  const p = ctx.event.payload ?? {};
  return str(p.error) ?? str(p.errorSummary) ?? ctx.run?.errorSummary ?? ctx.restore?.errorSummary ?? null;
}

export function subjectOf(ctx: EventContext): string {
  const title = EVENT_TITLES[ctx.event.type] ?? ctx.event.type;
  const p = ctx.event.payload ?? {};
  if (ctx.app && ctx.target) return `${title}: ${ctx.app.name}/${ctx.target.name}`;
  const root = str(p.storageRoot);
  return root ? `${title}: ${root}` : title;
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
    const last = ctx.target?.lastSuccessAt;
    lines.push(`Last success: ${last ? formatWhen(last, opts.timezone) : "never"}`);
  }
  if (typeof p.daysLeft === "number") lines.push(`Full in about ${Math.round(p.daysLeft)} days at the current growth`);
  const { url, runUrl } = linkFor(ctx, opts.baseUrl);
  lines.push(runUrl ? `Run: ${runUrl}` : `Open: ${url}`);
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
