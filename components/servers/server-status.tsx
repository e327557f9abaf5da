import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/status/relative-time";
import type { ServerDto } from "@/lib/services/servers/dto";

type Status = { word: string; variant: "success" | "danger" | "warning" | "muted" };

/** One word for a server's state, from its last check or job (colour and word, never colour alone). */
export function serverStatus(s: ServerDto): Status {
  if (!s.builtIn && !s.hostKeyFingerprint) return s.seenHostKey ? { word: "host key to confirm", variant: "warning" } : { word: "not checked", variant: "muted" };
  if (s.reachable === false) return s.seenHostKey ? { word: "host key changed", variant: "danger" } : { word: "unreachable", variant: "danger" };
  if (s.reachable === true) return { word: "reachable", variant: "success" };
  return { word: "not checked", variant: "muted" };
}

export function ServerStatusBadge({ server }: { server: ServerDto }) {
  const st = serverStatus(server);
  return (
    <Badge variant={st.variant} data-status={st.word.replace(/ /g, "-")}>
      {st.word}
    </Badge>
  );
}

/** "unreachable since 3 h ago" / "last contact 2 min ago". */
export function ServerContact({ server }: { server: ServerDto }) {
  if (server.reachable === false && server.unreachableSince) {
    return (
      <span>
        unreachable since <RelativeTime iso={server.unreachableSince} />
      </span>
    );
  }
  return (
    <span>
      last contact <RelativeTime iso={server.lastContactAt} empty="never" />
    </span>
  );
}
