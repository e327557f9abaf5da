/** FormData of the channel form → the plain input the channel services validate with zod. */
export function channelInputFromForm(form: FormData): Record<string, unknown> {
  const s = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const on = (k: string) => form.get(k) === "on";
  const ids = (k: string) => {
    const list = form.getAll(k).map(String).filter(Boolean);
    return list.length ? list.map(Number) : null;
  };
  const common = {
    name: s("name"),
    eventTypes: form.getAll("eventTypes").map(String),
    appIds: ids("appIds"),
    targetIds: ids("targetIds"),
    digest: on("digest"),
    digestHour: s("digestHour") || "8",
    enabled: on("enabled"),
  };
  if (s("type") === "webhook") {
    return {
      ...common,
      type: "webhook",
      url: s("url"),
      slack: on("slack"),
      hmacSecret: s("hmacSecret"),
      clearHmacSecret: on("clearHmacSecret"),
      allowInternal: on("allowInternal"),
    };
  }
  return {
    ...common,
    type: "email",
    host: s("host"),
    port: s("port"),
    secure: on("secure"),
    user: s("user"),
    password: s("password"),
    clearPassword: on("clearPassword"),
    from: s("from"),
    // One address per line or comma-separated.
    to: s("to")
      .split(/[\s,;]+/)
      .map((a) => a.trim())
      .filter(Boolean),
  };
}
