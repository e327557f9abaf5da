"use client";

import { Input, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { RestoreLoginFields } from "./restore-login-fields";

export type DbMode = "url" | "fields";

/** Everything the form keeps for the source, whatever the type (only the current type's part is sent). */
export interface SourceState {
  path: string;
  exclude: string;
  url: string;
  mode: DbMode;
  host: string;
  port: string;
  user: string;
  password: string;
  database: string;
  restoreUser: string;
  restorePassword: string;
  command: string;
  args: string;
  volume: string;
}

const DB_PLACEHOLDER: Record<string, string> = {
  postgres: "postgres://user:password@127.0.0.1:5432/app",
  mysql: "mysql://user:password@127.0.0.1:3306/app",
  redis: "redis://:password@127.0.0.1:6379/0",
};
const DEFAULT_PORT: Record<string, string> = { postgres: "5432", mysql: "3306", redis: "6379" };

const lines = (s: string) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** The `source` object of the API contract for this type (database fields become a URL on the server). */
export function sourcePayload(type: string, s: SourceState): Record<string, unknown> {
  switch (type) {
    case "filesystem":
      return { path: s.path, exclude: lines(s.exclude) };
    case "sqlite":
      return { path: s.path };
    case "postgres":
    case "mysql":
    case "redis": {
      const login = type === "redis" ? {} : { restoreUser: s.restoreUser, restorePassword: s.restorePassword };
      return s.mode === "url"
        ? { url: s.url, ...login }
        : { host: s.host, port: s.port, user: s.user, password: s.password, database: s.database, ...login };
    }
    case "script":
      return { command: s.command, args: lines(s.args) };
    case "docker_volume":
      return { volume: s.volume };
    default:
      return {};
  }
}

/** Initial state from a stored (masked) source. */
export function sourceStateOf(type: string | undefined, source: Record<string, unknown> | undefined): SourceState {
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const arr = (v: unknown) => (Array.isArray(v) ? v.map(String).join("\n") : "");
  const s: SourceState = {
    path: str(source?.path),
    exclude: arr(source?.exclude),
    url: str(source?.url),
    mode: "fields",
    host: "",
    port: "",
    user: "",
    password: "",
    database: "",
    restoreUser: str(source?.restoreUser),
    restorePassword: "",
    command: str(source?.command),
    args: arr(source?.args),
    volume: str(source?.volume),
  };
  if (s.url) {
    try {
      const u = new URL(s.url);
      // Query parameters (sslmode…) have no field of their own: keep such a URL as a URL.
      if (u.search) s.mode = "url";
      s.host = u.hostname;
      s.port = u.port;
      s.user = decodeURIComponent(u.username);
      s.database = decodeURIComponent(u.pathname.replace(/^\//, ""));
    } catch {
      s.mode = "url";
    }
  }
  if (type && !s.port && DEFAULT_PORT[type]) s.port = DEFAULT_PORT[type];
  return s;
}

export function SourceFields({
  type,
  state,
  set,
  errors,
  secretSet,
}: {
  type: string;
  state: SourceState;
  set: (patch: Partial<SourceState>) => void;
  errors: Record<string, string>;
  secretSet: boolean;
}) {
  const e = (k: string) => errors[`source.${k}`];
  const input = (key: keyof SourceState, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Input
      id={`source-${key}`}
      value={state[key]}
      onChange={(ev) => set({ [key]: ev.target.value })}
      aria-invalid={!!e(key)}
      aria-describedby={e(key) ? `source-${key}-error` : undefined}
      {...props}
    />
  );

  if (type === "filesystem") {
    return (
      <>
        <Field id="source-path" label="Folder path" error={e("path")} hint="Absolute path of the folder to back up, as this server sees it">
          {input("path", { placeholder: "/srv/app/uploads" })}
        </Field>
        <Field id="source-exclude" label="Exclude patterns" error={e("exclude")} hint="One glob per line, e.g. *.tmp or cache/**">
          <Textarea id="source-exclude" value={state.exclude} onChange={(ev) => set({ exclude: ev.target.value })} />
        </Field>
      </>
    );
  }
  if (type === "sqlite") {
    return (
      <Field id="source-path" label="Database file path" error={e("path")} hint="Absolute path of the .db / .sqlite file">
        {input("path", { placeholder: "/srv/app/data/app.db" })}
      </Field>
    );
  }
  if (type === "postgres" || type === "mysql" || type === "redis") {
    return (
      <fieldset className="grid gap-3 rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-medium">Connection</legend>
        <div className="flex gap-4 text-sm" role="radiogroup" aria-label="Connection given as">
          {(["fields", "url"] as const).map((m) => (
            <label key={m} className="flex items-center gap-1.5">
              <input type="radio" name="db-mode" value={m} checked={state.mode === m} onChange={() => set({ mode: m })} />
              {m === "url" ? "One URL" : "Separate fields"}
            </label>
          ))}
        </div>
        {secretSet ? (
          <p className="text-xs text-muted-foreground" data-testid="secret-set">
            {state.mode === "url"
              ? "A password is set — keep *** in the URL to keep it, or type a new one"
              : "A password is set — leave empty to keep it"}
          </p>
        ) : null}
        {state.mode === "url" ? (
          <Field id="source-url" label="Connection URL" error={e("url")}>
            {input("url", { placeholder: DB_PLACEHOLDER[type], autoComplete: "off", spellCheck: false })}
          </Field>
        ) : (
          <>
            {e("url") ? (
              <p role="alert" className="text-xs text-destructive">
                {e("url")}
              </p>
            ) : null}
            <div className="grid grid-cols-3 gap-3">
              <div className="col-span-2">
                <Field id="source-host" label="Host" error={e("host")}>
                  {input("host", { placeholder: "127.0.0.1" })}
                </Field>
              </div>
              <Field id="source-port" label="Port" error={e("port")}>
                {input("port", { inputMode: "numeric" })}
              </Field>
            </div>
            <div className="grid grid-cols-2 gap-3">
              <Field id="source-user" label="User" error={e("user")}>
                {input("user", { autoComplete: "off" })}
              </Field>
              <Field id="source-password" label="Password" error={e("password")}>
                {input("password", { type: "password", autoComplete: "new-password" })}
              </Field>
            </div>
            <Field id="source-database" label={type === "redis" ? "Database number" : "Database"} error={e("database")}>
              {input("database", { placeholder: type === "redis" ? "0" : "app" })}
            </Field>
          </>
        )}
        {type !== "redis" ? <RestoreLoginFields type={type} input={input} errors={errors} stored={!!state.restoreUser && secretSet} /> : null}
      </fieldset>
    );
  }
  if (type === "script") {
    return (
      <>
        <Field id="source-command" label="Script command" error={e("command")} hint="Absolute path of an executable script that writes the backup">
          {input("command", { placeholder: "/opt/backup/app.sh" })}
        </Field>
        <Field id="source-args" label="Arguments" error={e("args")} hint="One argument per line">
          <Textarea id="source-args" value={state.args} onChange={(ev) => set({ args: ev.target.value })} />
        </Field>
      </>
    );
  }
  if (type === "docker_volume") {
    return (
      <Field id="source-volume" label="Volume name" error={e("volume")}>
        {input("volume", { placeholder: "app_data" })}
      </Field>
    );
  }
  return (
    <p className="text-sm text-muted-foreground">
      An external target is backed up by your own script, which reports each run to Lifeboat through the API or a ping URL.
    </p>
  );
}
