import { connectionFields, type FormField } from "../form-fields";
import { restoreLoginFields } from "../shared/restore-login-fields";

export const mysqlFields: FormField[] = [
  ...connectionFields({ urlPlaceholder: "mysql://user:password@127.0.0.1:3306/app", port: "3306", databaseLabel: "Database", databasePlaceholder: "app", databaseRequired: true }),
  ...restoreLoginFields("A user without SUPER and FILE; it needs rights on the database, and on lifeboat\\_verify\\_% databases for test restores."),
];
