// The console's HTTP server: Next.js's request handler behind a plain node:http server, so that
// every request carries the real socket address (Next gives route handlers and actions none, and
// its X-Forwarded-For is whatever the client sent). lib/net/client-ip.ts reads PEER_HEADER and
// believes X-Forwarded-For only from LIFEBOAT_TRUSTED_PROXIES.
//   node server.mjs [-p PORT] [-H HOSTNAME]      (PORT env and port 3000 by default)
import http from "node:http";
import next from "next";

const PEER_HEADER = "x-lifeboat-peer";

function option(long, short) {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === long || args[i] === short) return args[i + 1];
    if (args[i].startsWith(`${long}=`)) return args[i].slice(long.length + 1);
  }
  return undefined;
}

process.env.NODE_ENV ??= "production";
const port = Number(option("--port", "-p") ?? process.env.PORT ?? 3000);
const hostname = option("--hostname", "-H") ?? "0.0.0.0";

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  // Replace any copy the client sent: only this line may write it.
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  handle(req, res).catch((e) => {
    console.error("[lifeboat] request failed", e);
    if (!res.headersSent) res.writeHead(500).end();
  });
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  server.close();
  void app
    .close()
    .catch((e) => console.error(e))
    .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

server.listen(port, hostname, () => {
  console.log(`[lifeboat] listening on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`);
});
