import { describe, expect, it } from "vitest";
import { GET } from "../../app/api/health/route";
import { setSchedulerState } from "./health";

describe("/api/health", () => {
  it("is ok with the scheduler disabled by LIFEBOAT_SCHEDULER=off", async () => {
    const res = GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", db: "ok", scheduler: "disabled", problems: [] });
  });

  it("is ok while the scheduler runs, 503 naming it when it stopped", async () => {
    setSchedulerState("running");
    expect(GET().status).toBe(200);
    setSchedulerState("stopped");
    const res = GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "error", db: "ok", scheduler: "stopped", problems: ["scheduler is stopped"] });
  });
});
