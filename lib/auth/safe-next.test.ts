import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

describe("safeNextPath (sign-in ?next=)", () => {
  it.each(["/", "/runs/12", "/targets?appId=3#top", "/settings/notifications"])("keeps the console path %s", (p) => {
    expect(safeNextPath(p)).toBe(p);
  });

  it.each([
    ["protocol-relative", "//evil.example/x"],
    ["backslash (browsers read it as /)", "/\\evil.example"],
    ["backslash later on", "/\\/evil.example"],
    ["tab hiding a second slash", "/\t/evil.example"],
    ["absolute URL", "https://evil.example/"],
    ["javascript:", "javascript:alert(1)"],
    ["relative", "runs"],
    ["empty", ""],
    ["not a string", null],
  ])("falls back to / for %s", (_what, p) => {
    expect(safeNextPath(p)).toBe("/");
  });

  it("the old check let /\\host through, and a browser resolves it to another site", () => {
    const old = (n: string) => n.startsWith("/") && !n.startsWith("//");
    expect(old("/\\evil.example")).toBe(true);
    expect(new URL("/\\evil.example", "http://console.local").host).toBe("evil.example");
  });
});
