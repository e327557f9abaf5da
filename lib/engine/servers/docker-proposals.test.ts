import { describe, expect, it } from "vitest";
import { containerOf } from "./docker-inventory";
import type { DockerContainer } from "./docker-inventory";
import { DOCKER_EXEC_SCRIPT, dockerProposals, imageName, publishedAt, recogniseImage } from "./docker-proposals";

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
    expect(proposals.map((p) => [p.key, p.app, p.name, p.type, p.via])).toEqual([
      ["db:shop-db-1", "shop", "db", "script", "docker-exec"],
      ["bind:shop-web-1:/srv/shop/uploads", "shop", "web-uploads", "filesystem", "bind-mount"],
      ["volume:shop_cache", "shop", "web-cache", "docker_volume", "volume"],
      ["db:lonely; rm -rf /", "lonely-rm--rf", "lonely-rm--rf", "script", "docker-exec"],
    ]);
    expect(proposals[0]!.description).toMatch(/via docker exec \(its port 3306\/tcp is not published\)/);
    // The volume is read with the container's own image when alpine:3.20 is not on the server.
    expect(proposals[2]).toMatchObject({ source: { volume: "shop_cache" }, meta: { dockerImage: "acme/web" } });
    expect(proposals[2]!.description).toMatch(/throwaway container of acme\/web \(the container's own image: alpine:3.20 is not on the server\)/);
    const args = proposals[3]!.source.args as string[];
    expect(proposals[3]!.source.command).toBe("/bin/sh");
    expect(args[1]).toBe(DOCKER_EXEC_SCRIPT);
    expect(args[3]).toBe("lonely; rm -rf /");
    expect(proposals[0]!.source.args as string[]).not.toContain("MARIADB_ROOT_PASSWORD=");
  });

  const db = (name: string, image: string, ports: DockerContainer["ports"], settings: Record<string, string> = {}, mounts: DockerContainer["mounts"] = []): DockerContainer => ({
    id: name,
    name,
    image,
    running: true,
    state: "running",
    project: "app",
    service: name,
    mounts,
    ports,
    settings,
  });

  it("a database container that publishes its port gets a direct dump against host:port, said so; never its password", () => {
    const proposals = dockerProposals({
      serverVersion: "26.1",
      volumes: [],
      images: [{ repository: "alpine", tag: "3.20", id: "x", size: "8MB" }],
      containers: [
        db("pg", "postgres:16", [{ container: "5432/tcp", hostIp: "0.0.0.0", hostPort: "15432" }, { container: "5432/tcp", hostIp: "::", hostPort: "15432" }], { POSTGRES_USER: "shop user", POSTGRES_DB: "shop" }, [
          { type: "volume", source: "app_pgdata", destination: "/var/lib/postgresql/data", readOnly: false },
        ]),
        db("my", "mariadb:11", [{ container: "3306/tcp", hostIp: "10.0.0.5", hostPort: "13306" }], { MARIADB_DATABASE: "crm", MARIADB_USER: "crm" }),
        db("my-all", "mysql:8", [{ container: "3306/tcp", hostIp: "", hostPort: "23306" }]),
        db("cache", "redis:7", [{ container: "6379/tcp", hostIp: "::1", hostPort: "16379" }]),
        db("other-port", "redis:7", [{ container: "8001/tcp", hostIp: "0.0.0.0", hostPort: "8001" }, { container: "6379/tcp", hostIp: null, hostPort: null }]),
        db("web", "acme/web", [], {}, [{ type: "volume", source: "app_media", destination: "/media", readOnly: false }, { type: "volume", source: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", destination: "/tmp", readOnly: false }]),
      ],
    });
    expect(proposals.map((p) => [p.key, p.type, p.via, p.source.url ?? p.source.volume ?? null])).toEqual([
      ["db:pg", "postgres", "published-port", "postgres://shop%20user@127.0.0.1:15432/shop"],
      ["db:my", "mysql", "published-port", "mysql://crm@10.0.0.5:13306/crm"],
      ["db:my-all", "script", "docker-exec", null],
      ["db:cache", "redis", "published-port", "redis://[::1]:16379/0"],
      ["db:other-port", "script", "docker-exec", null],
      // A database's own volume is not proposed (the dump is the consistent copy), nor an anonymous one.
      ["volume:app_media", "docker_volume", "volume", "app_media"],
    ]);
    expect(proposals[0]!.description).toMatch(/^pg_dump on the server against 127\.0\.0\.1:15432, the port container pg \(postgres:16\) publishes for 5432\/tcp: a direct dump, not docker exec/);
    expect(proposals[2]!.description).toMatch(/published but no MARIADB_DATABASE\/MYSQL_DATABASE/);
    expect(proposals[5]).toMatchObject({ name: "web-media", meta: null });
    expect(publishedAt(db("x", "redis", [{ container: "6379/tcp", hostIp: "::", hostPort: "1" }, { container: "6379/tcp", hostIp: "0.0.0.0", hostPort: "2" }]), "redis")).toEqual({ host: "127.0.0.1", port: "2" });
  });
});
