import { parseArgs } from "node:util";
import { createUser } from "../services/users/create";
import { ROLES, type Role } from "../db/schema";
import { cliActor } from "./actor";
import { promptHidden, readStdin, type Io } from "./io";
import { UsageError } from "./usage";

/** lifeboat user create --email E --role R [--name N]; the password comes from a prompt or stdin. */
export async function userCreate(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: "string" }, role: { type: "string", default: "viewer" }, name: { type: "string" } },
    strict: true,
  });
  if (!values.email) throw new UsageError("user create needs --email");
  if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  let password: string;
  if (io.stdin.isTTY) {
    password = await promptHidden(`Password for ${values.email}: `, io.stdin);
    const again = await promptHidden("Repeat the password: ", io.stdin);
    if (again !== password) throw new UsageError("The passwords do not match");
  } else {
    // Piped: the first line is the password (a trailing newline from echo is not part of it).
    password = (await readStdin(io.stdin)).split(/\r?\n/)[0] ?? "";
  }
  const user = await createUser(cliActor(), { email: values.email, name: values.name ?? null, password, role: values.role as Role });
  io.out(`Created user ${user.email} (role ${user.role}, id ${user.id})`);
  return 0;
}
