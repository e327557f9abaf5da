export interface DiffEntry {
  path: string;
  before: unknown;
  after: unknown;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Field-level differences between two JSON values, as dotted paths. Arrays compare as a whole
 * (an exclude list that changed shows old and new list). Keys equal on both sides are left out.
 */
export function diffValues(before: unknown, after: unknown, prefix = ""): DiffEntry[] {
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffValues(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  if (before == null && isObj(after) && prefix === "") {
    return Object.keys(after)
      .sort()
      .map((k) => ({ path: k, before: null, after: after[k] ?? null }));
  }
  if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return [];
  return [{ path: prefix || "(value)", before: before ?? null, after: after ?? null }];
}
