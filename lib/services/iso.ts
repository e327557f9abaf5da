/** Dates leave the server as ISO strings (DTOs never carry Date objects or raw rows). */
export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}
