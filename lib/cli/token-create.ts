import { parseArgs } from "node:util";
import { createToken } from "../services/tokens/create";
import { listApps } from "../services/apps/list";
import { ROLES, type Role } from "../db/schema";
import { cliActor } from "./actor";
import type { Io } from "./io";
import { UsageError } from "./usage";

/** lifeboat token create --name N --role R [--expires DATE] [--app NAME|ID]… — prints the token once. */
export async function tokenCreate(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      role: { type: "string", default: "viewer" },
      expires: { type: "string" },
      app: { type: "string", multiple: true },
    },
    strict: true,
  });
  if (!values.name) throw new UsageError("token create needs --name");
  if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  const actor = cliActor();
  let appIds: number[] | null = null;
  if (values.app?.length) {
    const apps = listApps(actor);
    appIds = values.app.map((a) => {
      const found = apps.find((x) => String(x.id) === a || x.name === a);
      if (!found) throw new UsageError(`No app named or numbered "${a}"`);
      return found.id;
    });
  }
  const { token, info } = createToken(actor, { name: values.name, role: values.role as Role, expiresAt: values.expires ?? null, appIds });
  // Only the token on stdout, so `TOKEN=$(lifeboat token create …)` works; the rest on stderr.
  io.out(token);
  io.err(
    `Created token "${info.name}" (role ${info.role}, id ${info.id}${info.expiresAt ? `, expires ${info.expiresAt}` : ""}${
      info.appIds ? `, apps ${info.appIds.join(",")}` : ""
    }). It is shown only this once.`,
  );
  return 0;
}
