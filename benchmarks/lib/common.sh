# shellcheck shell=bash
# Shared by the benchmark scripts (run.sh, compare.sh): logging, stopping what they started, the
# Release build, background children the traps can stop, the load client, free ports, CPU ticks.
# The caller sets ROOT, LOAD_DLL and CHILD_PID= before use.

log() { printf '== %s\n' "$*" >&2; }

# Stops only the processes this script started, by their recorded ids.
stop_pid() {
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  log "process $pid ignored SIGTERM for 10 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Others build the same projects concurrently: retry on file-access errors (MSB3021/3026/3027, IOException).
build() {
  local project=$1 out
  for attempt in 1 2 3 4 5; do
    if out=$(dotnet build -c Release "$ROOT/$project" 2>&1); then
      return 0
    fi
    if grep -qiE 'MSB302[167]|MSB3021|being used by another process|IOException|Access to the path' <<<"$out" && ((attempt < 5)); then
      log "build of $project hit a file-access error (attempt $attempt); retrying in 20 s"
      sleep 20
      continue
    fi
    printf '%s\n' "$out" | grep -E 'error|Error' | head -30 >&2
    return 1
  done
}

# Runs a child in the background so the traps can stop it; returns its exit status.
run_child() {
  "$@" &
  CHILD_PID=$!
  local status=0
  wait "$CHILD_PID" || status=$?
  CHILD_PID=
  return "$status"
}

# The load client (only it) runs socket continuations on the epoll thread instead of the thread pool:
# about 20 % less client CPU per session, which leaves more of the two shared cores to the server.
load_client() {
  run_child env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet "$LOAD_DLL" "$@"
}

# A TCP port on 127.0.0.1 that is free at the time of asking (the kernel's choice).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# utime + stime of a process, in clock ticks (USER_HZ = 100).
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# True when something accepts TCP connections on 127.0.0.1:PORT (one try, 1 s).
port_answers() { python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null; }
