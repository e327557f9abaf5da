/**
 * Commands for the remote shell. ssh runs one command string through the login shell, so every
 * word is single-quoted here (a quote inside becomes '\''), and the whole is handed to `sh -c`
 * so a fish or csh login shell cannot change its meaning.
 */
export function quote(word: string): string {
  if (word.includes("\0")) throw new Error("a NUL byte cannot be passed to a remote command");
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Variable names the wrapper may set: a name is spliced into the script, so it stays plain. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const PID_MARK = "LIFEBOAT-REMOTE-PID ";

export interface RemoteScript {
  /** The string for ssh2's exec. */
  command: string;
  /** What to write to the channel's stdin before any payload: the environment, one value per line. */
  preamble: string;
}

/**
 * The remote wrapper: report its PID on stderr (so a cancel can kill the process group), read
 * the environment from stdin — passwords never appear on a command line, where `ps` shows them —,
 * change to `cwd`, then exec the tool with its argument array quoted word by word.
 */
export function remoteScript(cmd: string, args: readonly string[], opts: { env?: Record<string, string | undefined>; cwd?: string } = {}): RemoteScript {
  if (!cmd || cmd.startsWith("-")) throw new Error(`The command "${cmd}" starts with "-" (or is empty): refused`);
  const lines = [`printf '${PID_MARK}%s\\n' "$$" >&2`];
  let preamble = "";
  for (const [name, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) continue;
    if (!ENV_NAME.test(name)) throw new Error(`Not a variable name: ${name}`);
    if (/[\r\n\0]/.test(value)) throw new Error(`The value of ${name} contains a line break: it cannot be passed to the server`);
    lines.push(`IFS= read -r ${name} || exit 97`, `export ${name}`);
    preamble += value + "\n";
  }
  if (opts.cwd) lines.push(`cd ${quote(opts.cwd)} || exit 96`);
  lines.push(`exec ${[cmd, ...args].map(quote).join(" ")}`);
  return { command: `sh -c ${quote(lines.join("\n"))}`, preamble };
}

/**
 * Kill a remote process's whole group (a script's children too). The group id is read from
 * /proc (no procps needed); TERM first, KILL after a grace period.
 */
export function killScript(pid: number): string {
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`not a pid: ${pid}`);
  const script = [
    `[ -r /proc/${pid}/stat ] || exit 0`,
    `set -- $(sed 's/.*) //' /proc/${pid}/stat)`,
    `g=$3`,
    // "-s NAME --" is the form dash's kill accepts for a group ("kill -TERM -- -G" it refuses).
    `kill -s TERM -- "-$g" 2>/dev/null || kill -s TERM ${pid} 2>/dev/null`,
    `i=0; while [ $i -lt 20 ] && kill -s 0 -- "-$g" 2>/dev/null; do sleep 0.1; i=$((i+1)); done`,
    `kill -s KILL -- "-$g" 2>/dev/null`,
    `exit 0`,
  ].join("\n");
  return `sh -c ${quote(script)}`;
}
