import { describe, expect, it } from "vitest";
import { containerOf } from "./docker-inventory";
import { DOCKER_EXEC_SCRIPT, dockerProposals, imageName, recogniseImage } from "./docker-proposals";

describe("Docker discovery: recognising and proposing", () => {
  it("recognises database images by their own name, whatever the registry, tag or digest", () => {
    expect(imageName("ghcr.io/acme/postgres:15@sha256:abc")).toBe("postgres");
    expect(recogniseImage("postgres:16-alpine")).toBe("postgres");
    expect(recogniseImage("bitnami/postgresql:15")).toBe("postgres");
    expect(recogniseImage("postgis/postgis:15-3.4")).toBe("postgres");
    expect(recogniseImage("mariadb:11")).toBe("mysql");
    expect(recogniseImage("mysql")).toBe("mysql");
    expect(recogniseImage("redis:7")).toBe("redis");
    expect(recogniseImage("valkey/valkey:8")).toBe("redis");
    expect(recogniseImage("nginx:1.27")).toBeNull();
    expect(recogniseImage("acme/postgres-exporter:1")).toBeNull();
  });

  it("keeps only non-secret settings of a container's environment", () => {
    const c = containerOf({
      Id: "0123456789abcdef",
      Name: "/app-db-1",
      Config: { Image: "postgres:15", Labels: { "com.docker.compose.project": "app" }, Env: ["POSTGRES_PASSWORD=hunter2", "POSTGRES_DB=app", "PATH=/usr/bin"] },
      State: { Running: true, Status: "running" },
      Mounts: [{ Type: "volume", Name: "app_pg", Source: "/var/lib/docker/volumes/app_pg/_data", Destination: "/var/lib/postgresql/data", RW: true }],
      NetworkSettings: { Ports: { "5432/tcp": null } },
    });
    expect(c).toMatchObject({ id: "0123456789ab", name: "app-db-1", project: "app", service: null, settings: { POSTGRES_DB: "app" }, ports: [{ container: "5432/tcp", hostPort: null }] });
    expect(JSON.stringify(c)).not.toContain("hunter2");
  });

  it("a dump inside each database container (names as arguments, not in the script); bind-mounted folders of other containers, never a socket", () => {
    const base = { running: true, state: "running", ports: [], settings: {} };
    const proposals = dockerProposals({
      serverVersion: "20.10",
      volumes: [],
      images: [],
      containers: [
        { ...base, id: "1", name: "shop-db-1", image: "mariadb:11", project: "shop", service: "db", mounts: [{ type: "bind", source: "/srv/shop/mysql", destination: "/var/lib/mysql", readOnly: false }] },
        {
          ...base,
          id: "2",
          name: "shop-web-1",
          image: "acme/web",
          project: "shop",
          service: "web",
          mounts: [
            { type: "bind", source: "/srv/shop/uploads", destination: "/app/uploads", readOnly: false },
            { type: "bind", source: "/var/run/docker.sock", destination: "/var/run/docker.sock", readOnly: false },
            { type: "volume", source: "shop_cache", destination: "/cache", readOnly: false },
          ],
        },
        { ...base, id: "3", name: "lonely; rm -rf /", image: "redis", project: null, service: null, mounts: [] },
      ],
    });
    expect(proposals.map((p) => [p.key, p.app, p.name, p.type])).toEqual([
      ["db:shop-db-1", "shop", "db", "script"],
      ["bind:shop-web-1:/srv/shop/uploads", "shop", "web-uploads", "filesystem"],
      ["db:lonely; rm -rf /", "lonely-rm--rf", "lonely-rm--rf", "script"],
    ]);
    const args = proposals[2]!.source.args as string[];
    expect(proposals[2]!.source.command).toBe("/bin/sh");
    expect(args[1]).toBe(DOCKER_EXEC_SCRIPT);
    expect(args[3]).toBe("lonely; rm -rf /");
    expect(proposals[0]!.source.args as string[]).not.toContain("MARIADB_ROOT_PASSWORD=");
  });
});
