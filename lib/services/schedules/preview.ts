import { getSettings } from "../../settings/settings";
import { describeRule } from "../../engine/scheduler/describe";
import { nextSlots } from "../../engine/scheduler/slots";
import { checkRule, ruleInput, type RuleInput } from "./schemas";

export interface RulePreview {
  description: string | null;
  /** ISO times; the browser shows them in the viewer's timezone. */
  next: string[];
  timezone: string;
  fieldErrors: Record<string, string>;
}

/** The rule in words and its next `n` times, for the live form preview (no permission: pure). */
export function previewRule(input: RuleInput, now: Date = new Date(), n = 5): RulePreview {
  const parsed = ruleInput.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const i of parsed.error.issues) fieldErrors[i.path.join(".") || "_form"] ??= i.message;
    return { description: null, next: [], timezone: "", fieldErrors };
  }
  const timezone = parsed.data.timezone ?? getSettings().defaultTimezone;
  const rule = { ...parsed.data, timezone };
  const fieldErrors = checkRule(rule);
  if (Object.keys(fieldErrors).length) return { description: null, next: [], timezone, fieldErrors };
  return {
    description: describeRule(rule),
    next: nextSlots(rule, now, n).map((d) => d.toISOString()),
    timezone,
    fieldErrors: {},
  };
}
