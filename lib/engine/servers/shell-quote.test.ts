import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { quote, remoteScript } from "./shell-quote";

// The wrapper is run by a real sh here, as the server's login shell would.
const run = async (cmd: string, args: string[], env: Record<string, string> = {}, stdin = "") => {
  const s = remoteScript(cmd, args, { env });
  return execa("sh", ["-c", s.command], { input: s.preamble + stdin, reject: false });
};

describe("remote command quoting", () => {
  it("passes every argument through unchanged, whatever it holds", async () => {
    const hostile = ["a b", "it's", '"$(touch /tmp/lb-pwned)"', "`id`", "; rm -rf /", "$HOME", "*", "\\", "new\nline"];
    const r = await run("printf", ["%s|", ...hostile]);
    expect(r.stdout).toBe(hostile.map((h) => `${h}|`).join(""));
  });

  it("gives secrets through stdin, never in the command line, and keeps the rest of stdin for the tool", async () => {
    const s = remoteScript("sh", ["-c", 'printf "%s/" "$PGPASSWORD"; cat'], { env: { PGPASSWORD: "s3cr'et $x" } });
    expect(s.command).not.toContain("s3cr");
    const r = await execa("sh", ["-c", s.command], { input: s.preamble + "payload" });
    expect(r.stdout).toBe("s3cr'et $x/payload");
  });

  it("refuses a command that starts with - and a value with a line break", () => {
    expect(() => remoteScript("-oProxyCommand=x", [])).toThrow(/starts with "-"/);
    expect(() => remoteScript("tar", [], { env: { A: "x\ny" } })).toThrow(/line break/);
    expect(quote("it's")).toBe(`'it'\\''s'`);
  });
});
