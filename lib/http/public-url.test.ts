import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "../env";
import { publicBaseUrl, publicUrlMismatch, requestOrigin } from "./public-url";

const hdrs = (o: Record<string, string>) => new Headers(o);

describe("public URL", () => {
  afterEach(() => {
    delete process.env.LIFEBOAT_PUBLIC_URL;
    resetEnvForTests();
  });

  it("takes the origin from the request when LIFEBOAT_PUBLIC_URL is unset (proxy headers first)", () => {
    expect(requestOrigin(hdrs({ host: "backup.example.com" }))).toBe("https://backup.example.com");
    expect(requestOrigin(hdrs({ host: "127.0.0.1:3107" }))).toBe("http://127.0.0.1:3107");
    expect(requestOrigin(hdrs({ host: "10.0.0.5:3000", "x-forwarded-host": "lifeboat.corp", "x-forwarded-proto": "https" }))).toBe("https://lifeboat.corp");
    expect(publicBaseUrl(hdrs({ host: "127.0.0.1:3107" }))).toBe("http://127.0.0.1:3107");
    expect(publicBaseUrl(null)).toBe("http://localhost:3000");
  });

  it("prefers LIFEBOAT_PUBLIC_URL and warns when the console is opened from elsewhere", () => {
    process.env.LIFEBOAT_PUBLIC_URL = "https://lifeboat.example.com/";
    resetEnvForTests();
    expect(publicBaseUrl(hdrs({ host: "127.0.0.1:3107" }))).toBe("https://lifeboat.example.com");
    expect(publicUrlMismatch(hdrs({ host: "lifeboat.example.com" }))).toBeNull();
    expect(publicUrlMismatch(hdrs({ host: "127.0.0.1:3107" }))).toEqual({
      configured: "https://lifeboat.example.com",
      linkBase: "https://lifeboat.example.com",
      seen: "http://127.0.0.1:3107",
    });
  });

  it("warns when unset and the console is not on the fallback address", () => {
    expect(publicUrlMismatch(hdrs({ host: "backup.example.com" }))).toMatchObject({ configured: null, linkBase: "http://localhost:3000" });
    expect(publicUrlMismatch(hdrs({ host: "localhost:3000" }))).toBeNull();
  });
});
