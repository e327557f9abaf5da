import { describe, expect, it } from "vitest";
import { settingsSchema } from "./settings";

describe("settingsSchema.defaultTimezone", () => {
  const tz = settingsSchema.shape.defaultTimezone;
  it("accepts IANA names (trimmed)", () => {
    expect(tz.parse(" Asia/Ho_Chi_Minh ")).toBe("Asia/Ho_Chi_Minh");
    expect(tz.parse("UTC")).toBe("UTC");
  });
  it("refuses unknown or blank names with a message that says what to enter", () => {
    for (const bad of ["Mars/Olympus", "", "   "]) {
      const r = tz.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0].message).toMatch(/Unknown timezone \(use an IANA name/);
    }
  });
});
