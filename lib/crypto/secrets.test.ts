import { describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { seal, unseal, sealJson, unsealJson } from "./secrets";

describe("secrets", () => {
  it("round-trips and never stores the plain text", () => {
    const sealed = seal("hunter2-password");
    expect(sealed).not.toContain("hunter2");
    expect(unseal(sealed)).toBe("hunter2-password");
    expect(unsealJson(sealJson({ password: "p@ss" }))).toEqual({ password: "p@ss" });
  });
  it("refuses a tampered value or another key", () => {
    const sealed = seal("x");
    const flipped = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => unseal(flipped)).toThrow();
    expect(() => unseal(seal("x"), crypto.randomBytes(32))).toThrow();
  });
});
