import { test, expect } from "@playwright/test";
import { startSshd, type SshdServer } from "../test/servers/sshd";
import { importDbImage, startDockerd, type Dockerd } from "../test/servers/docker";
import { STATE } from "./fixtures/users";
import { fillServerForm } from "./fixtures/ui";

// Docker discovery against a real Docker engine (issue 17): Debian's dockerd started by the test
// as root on its own socket, an image built with debootstrap + docker import, a compose project's
// PostgreSQL container with no published port. The server is reached over SSH; its sessions'
// docker CLI talks to that engine (sshd SetEnv DOCKER_HOST).
test.describe.configure({ mode: "serial" });
test.use({ storageState: STATE.admin });

const run = Date.now().toString(36);
const SERVER = `docker-${run}`;
const PROJECT = `harbour-${run}`;
const CONTAINER = `${PROJECT}-db-1`;
let dockerd: Dockerd;
let sshd: SshdServer;

test.beforeAll(async () => {
  test.setTimeout(20 * 60_000);
  dockerd = await startDockerd();
  await importDbImage(dockerd);
  const pg = "mkdir -p /var/run/postgresql && chown postgres /var/run/postgresql && exec su postgres -s /bin/sh -c '/usr/lib/postgresql/15/bin/initdb -D /tmp/pg -A trust -U postgres >/dev/null && exec /usr/lib/postgresql/15/bin/postgres -D /tmp/pg -c listen_addresses='";
  await dockerd.docker(["run", "-d", "--name", CONTAINER, "--network", "none", "--label", `com.docker.compose.project=${PROJECT}`, "--label", "com.docker.compose.service=db", "lbtest/postgres:15", "sh", "-c", pg]);
  await expect.poll(() => dockerd.docker(["exec", CONTAINER, "pg_isready", "-q"]).then(() => true, () => false), { timeout: 60_000 }).toBe(true);
  await dockerd.docker(["exec", CONTAINER, "psql", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c", "create table boats(name text); insert into boats values ('dinghy')"]);
  sshd = await startSshd({ setEnv: { DOCKER_HOST: dockerd.host } });
});
test.afterAll(async () => {
  await sshd?.stop();
  await dockerd?.stop();
});

test("[SERVERS] Discover Docker on a server, create the proposed dump under the compose project's app, back it up", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/settings/servers/new");
  await fillServerForm(page, SERVER, sshd);
  await expect(page.getByTestId("host-key")).toHaveText(sshd.hostKeyFingerprint);
  await page.getByRole("button", { name: "Trust this key and save" }).click();
  await expect(page.getByText(`Server “${SERVER}” saved.`)).toBeVisible();

  await page.getByRole("listitem", { name: SERVER }).getByRole("link", { name: `Discover Docker on ${SERVER}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Docker on ${SERVER}`);
  const container = page.getByRole("list", { name: "Containers" }).getByRole("listitem", { name: CONTAINER });
  await expect(container).toContainText("lbtest/postgres:15");
  await expect(container).toContainText("PostgreSQL");
  await expect(container).toContainText(`project ${PROJECT}`);
  const proposal = page.getByRole("checkbox", { name: new RegExp(`^${PROJECT}/db`) });
  await expect(proposal).toBeChecked();
  await expect(page.getByRole("list", { name: "Proposed targets" })).toContainText(`pg_dump (custom format) inside container ${CONTAINER}`);
  // Its port is not published: the proposal says it dumps through docker exec.
  await expect(page.getByRole("list", { name: "Proposed targets" })).toContainText("dump via docker exec");
  await page.getByRole("button", { name: "Create targets" }).click();
  const created = page.getByRole("status", { name: "Created targets" });
  await expect(created).toContainText(`Created ${PROJECT}/db`);
  // Discovered again: it exists now, nothing left to create.
  await expect(page.getByRole("checkbox", { name: new RegExp(`^${PROJECT}/db`) })).toBeDisabled();

  await created.getByRole("link", { name: `${PROJECT}/db` }).click();
  await expect(page).toHaveURL(/\/targets\/\d+$/);
  await expect(page.getByTestId("target-server")).toHaveText(`Runs on ${SERVER}`);
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.locator('[data-status="success"]').first()).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole("log", { name: "Run log" })).toContainText("docker exec");
});
