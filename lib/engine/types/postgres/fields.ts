import { connectionFields, type FormField } from "../form-fields";
import { restoreLoginFields } from "../shared/restore-login-fields";

export const postgresFields: FormField[] = [
  ...connectionFields({ urlPlaceholder: "postgres://user:password@127.0.0.1:5432/app", port: "5432", databaseLabel: "Database", databasePlaceholder: "app", databaseRequired: true }),
  ...restoreLoginFields("A role without SUPERUSER (and not in pg_execute_server_program); it needs rights on the database, and CREATEDB for test restores."),
];
