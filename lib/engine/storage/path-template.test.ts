import { describe, expect, test } from "vitest";
import { artifactFileName, expandTemplate, resolveUnder, sanitiseSegment } from "./path-template";

const at = new Date("2025-03-04T17:05:09Z");

describe("path template", () => {
  test("expands placeholders in the console timezone", () => {
    expect(expandTemplate("{app}/{target}/{date}/{time}", { app: "shop", target: "db", at, timeZone: "Asia/Ho_Chi_Minh" })).toBe("shop/db/2025-03-05/000509");
  });

  test("placeholder values cannot add folders or climb out", () => {
    expect(sanitiseSegment("../../etc")).toBe("____etc");
    expect(sanitiseSegment("a/b\\c\u0000d")).toBe("a_b_c_d");
    expect(sanitiseSegment("..")).toBe("_");
    expect(sanitiseSegment("")).toBe("_");
    expect(expandTemplate("{app}/{target}", { app: "../..", target: "x/../../y", at, timeZone: "UTC" })).toBe("___/x_____y");
  });

  test("a template that leaves the root is refused", () => {
    expect(resolveUnder("/backups", "shop/db")).toBe("/backups/shop/db");
    expect(resolveUnder("/backups", "/abs/shop")).toBe("/backups/abs/shop");
    expect(() => resolveUnder("/backups", "../elsewhere")).toThrow(/outside the storage root/);
    expect(() => resolveUnder("/backups", "a/../../b")).toThrow(/outside the storage root/);
  });

  test("artifact file name", () => {
    expect(artifactFileName("shop", "db main", at, "UTC", 42, ".tar.zst")).toBe("shop-db_main-20250304-170509-run42.tar.zst");
  });
});
