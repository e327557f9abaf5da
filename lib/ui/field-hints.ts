/**
 * The beside-the-field hints of an API error (`error.details`), minus those the message already
 * says: "Rejected: the artifact is damaged" must not be followed by the same words again under
 * the file field. The caller shows each remaining hint beside its field, in words, never as
 * "targetId: …" after the message.
 */
export function fieldHints(message: string, details: Record<string, unknown> | null | undefined): Record<string, string> {
  const said = message.toLowerCase();
  return Object.fromEntries(
    Object.entries(details ?? {}).filter((e): e is [string, string] => typeof e[1] === "string" && e[1].trim() !== "" && !said.includes(e[1].toLowerCase())),
  );
}
