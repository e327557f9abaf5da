import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { errorResponse } from "./respond";

const messageOf = async (e: unknown) => ((await errorResponse(e).json()) as { error: { message: string; details?: Record<string, string> } }).error;

describe("API error messages", () => {
  it("do not repeat what the message already says (upload: damaged artifact)", async () => {
    const why = "The artifact is damaged: unexpected end of data";
    const err = await messageOf(new ValidationError(`Rejected: ${why}`, { file: why }));
    expect(err.message).toBe(`Rejected: ${why}`);
    expect(err.details).toEqual({ file: why });
  });

  it("do not leak a field name the message already covers (upload: wrong target type)", async () => {
    const err = await messageOf(
      new ValidationError("Rejected: the artifact is a postgres backup and files is a sqlite target: choose a postgres target", { targetId: "Choose a postgres target" }),
    );
    expect(err.message).not.toContain("targetId");
    expect(err.details).toEqual({ targetId: "Choose a postgres target" });
  });

  it("still name the fields a generic message does not mention", async () => {
    const err = await messageOf(new ValidationError("Please fix the highlighted fields", { name: "Required", "source.url": "Not a valid URL" }));
    expect(err.message).toBe("Please fix the highlighted fields (name: Required; source.url: Not a valid URL)");
  });
});
