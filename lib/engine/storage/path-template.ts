import path from "node:path";
import { ValidationError } from "../../errors";

/** Date parts in a timezone (the console's default timezone names the folders people look at). */
export function dateParts(d: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    compactDate: `${parts.year}${parts.month}${parts.day}`,
    time: `${parts.hour}${parts.minute}${parts.second}`,
  };
}

/**
 * A placeholder value made safe for one path segment: no separators, no `..`, no control
 * characters, never empty. "../../etc" becomes "_.._etc"-like text that stays one folder.
 */
export function sanitiseSegment(value: string): string {
  let s = value.replace(/[\u0000-\u001f\u007f/\\]/g, "_").trim();
  s = s.replace(/\.\.+/g, "_");
  if (s === "" || s === ".") s = "_";
  return s;
}

export interface TemplateValues {
  app: string;
  target: string;
  at: Date;
  timeZone: string;
}

/** Expand {app} {target} {date} {time} into a folder relative to the storage root. */
export function expandTemplate(template: string, v: TemplateValues): string {
  const { date, time } = dateParts(v.at, v.timeZone);
  const values: Record<string, string> = {
    app: sanitiseSegment(v.app),
    target: sanitiseSegment(v.target),
    date,
    time,
  };
  return template.replace(/\{(app|target|date|time)\}/g, (_, k: string) => values[k]);
}

/** Resolve `rel` under `root` and refuse anything that would land outside it. */
export function resolveUnder(root: string, rel: string): string {
  const absRoot = path.resolve(root);
  const full = path.resolve(absRoot, rel.replace(/^\/+/, ""));
  const back = path.relative(absRoot, full);
  if (back.startsWith("..") || path.isAbsolute(back)) {
    throw new ValidationError(`The path template leads outside the storage root (${absRoot})`, {
      pathTemplate: "The path must stay inside the storage root",
    });
  }
  return full;
}

/** `<app>-<target>-<YYYYMMDD-HHMMSS>-run<id>.<ext>` */
export function artifactFileName(app: string, target: string, at: Date, timeZone: string, runId: number, ext: string): string {
  const { compactDate, time } = dateParts(at, timeZone);
  const clean = (s: string) => sanitiseSegment(s).replace(/\s+/g, "_");
  return `${clean(app)}-${clean(target)}-${compactDate}-${time}-run${runId}${ext}`;
}
