import { describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor";
import { createUser } from "../users/create";
import { setBreakGlass } from "../users/break-glass";
import { passwordSignIn } from "./sign-in";
import { getSignInPolicy, updateSignInPolicy } from "./policy";

const CLI: Actor = { type: "cli", label: "test", role: "admin" };
const PW = "correct horse battery";

describe("password sign-in turned off, break-glass admins", () => {
  it("cannot be turned off before a break-glass admin exists", async () => {
    await createUser(CLI, { email: "root@example.com", password: PW, role: "admin" });
    await createUser(CLI, { email: "dev@example.com", password: PW, role: "operator" });
    expect(() => updateSignInPolicy(CLI, { passwordSignIn: false })).toThrow(/break-glass admin first/);
    expect(getSignInPolicy().passwordSignIn).toBe(true);
  });

  it("only the CLI marks one, and only an admin with a password", () => {
    const web: Actor = { type: "user", id: 1, email: "root@example.com", role: "admin" };
    expect(() => setBreakGlass(web, "root@example.com", true)).toThrow(/on the server/);
    expect(() => setBreakGlass(CLI, "dev@example.com", true)).toThrow(/only an admin/);
    expect(setBreakGlass(CLI, "root@example.com", true).breakGlass).toBe(true);
  });

  it("then only break-glass admins get in with a password; the others get the wrong-password answer", async () => {
    updateSignInPolicy(CLI, { passwordSignIn: false });
    await expect(passwordSignIn("dev@example.com", PW, null)).rejects.toThrow(/Wrong email or password/);
    expect((await passwordSignIn("root@example.com", PW, null)).kind).toBe("session");
    await expect(passwordSignIn("root@example.com", "wrong password", null)).rejects.toThrow(/Wrong email or password/);
    updateSignInPolicy(CLI, { passwordSignIn: true });
    expect((await passwordSignIn("dev@example.com", PW, null)).kind).toBe("session");
  });
});
