import { describe, expect, it } from "vitest";
import { pitrTestMoment } from "./test-restore";

describe("the moment a scheduled point-in-time test restore goes back to", () => {
  const at = new Date("2026-12-02T12:00:00Z");
  it("is one hour ago when the window holds it", () => {
    expect(pitrTestMoment({ from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-02T11:59:58Z") }, at)).toEqual(new Date("2026-12-02T11:00:00Z"));
  });
  it("is the newest restorable moment when the window is shorter than an hour, or ended more than an hour ago", () => {
    expect(pitrTestMoment({ from: new Date("2026-12-02T11:30:00Z"), to: new Date("2026-12-02T11:59:58Z") }, at)).toEqual(new Date("2026-12-02T11:59:58Z"));
    expect(pitrTestMoment({ from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-02T10:00:00Z") }, at)).toEqual(new Date("2026-12-02T10:00:00Z"));
  });
});
