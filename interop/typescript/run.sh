#!/usr/bin/env bash
# Runs the official S2 TypeScript SDK (@s2-dev/streamstore, pinned in package.json) against the
# s2-reactive server. For every scenario group (test/NN-*.test.mjs) and every transport it starts a
# fresh `./s2r lite --port 0 --data-dir <tmp>`, reads the endpoint and root token from its banner,
# runs the group with node:test, and stops the server. Every wait is bounded.
#
# Environment (all optional):
#   S2_INTEROP_TRANSPORTS   transports to run, default "default fetch" (default = SDK's choice, s2s over h2c)
#   S2_INTEROP_ONLY         regex on group file names, e.g. "0[25]" to run only groups 02 and 05
#   S2_INTEROP_IDLE_SECS    idleness the live read session must survive (default 30; quick mode: 3)
#   S2_INTEROP_QUICK=1      shorthand for S2_INTEROP_IDLE_SECS=3
#   S2_INTEROP_WRITER_CMD   command that writes the cross-language stream (default: this SDK's writer)
#   S2_INTEROP_READER_CMD   command that reads and checks a stream this SDK wrote (default: none)
#   S2_INTEROP_XLANG_COUNT  records the writer appends (default 100)
#   S2_INTEROP_COMPRESSION  s2s frame compression for the SDK client, e.g. gzip
#   S2_INTEROP_DEBUG=1      SDK debug logging (DEBUG=s2:*) and server logs on failure
#   S2_INTEROP_START_TIMEOUT / S2_INTEROP_GROUP_TIMEOUT / S2_INTEROP_BUILD_TIMEOUT  seconds
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
s2r="$root/s2r"
transports="${S2_INTEROP_TRANSPORTS:-default fetch}"
only="${S2_INTEROP_ONLY:-.}"
if [ "${S2_INTEROP_QUICK:-0}" = "1" ]; then export S2_INTEROP_IDLE_SECS="${S2_INTEROP_IDLE_SECS:-3}"; fi
export S2_INTEROP_IDLE_SECS="${S2_INTEROP_IDLE_SECS:-30}"
start_timeout="${S2_INTEROP_START_TIMEOUT:-60}"
group_timeout="${S2_INTEROP_GROUP_TIMEOUT:-$((S2_INTEROP_IDLE_SECS + 240))}"
build_timeout="${S2_INTEROP_BUILD_TIMEOUT:-900}"

work="$(mktemp -d "${TMPDIR:-/tmp}/s2-interop.XXXXXX")"
server_pid=""

stop_server() {
  [ -n "$server_pid" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null
  fi
  wait "$server_pid" 2>/dev/null
  server_pid=""
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "interop: $*" >&2; }

command -v node >/dev/null || { fail "node is required (Node 20+)"; exit 1; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || { fail "Node 20+ required, found $(node --version)"; exit 1; }
[ -x "$s2r" ] || { fail "expected the server launcher at $s2r"; exit 1; }

if [ ! -d "$here/node_modules/@s2-dev/streamstore" ]; then
  echo "interop: installing the pinned SDK (npm ci)"
  (cd "$here" && timeout 300 npm ci --no-audit --no-fund --loglevel=error) || { fail "npm ci failed"; exit 1; }
fi

# Build the CLI once up front (./s2r builds on first use) so server start-up waits stay short.
echo "interop: preparing ./s2r (builds the CLI jar on first use)"
if ! timeout "$build_timeout" "$s2r" --help >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2; fail "./s2r --help failed"; exit 1
fi

# Starts a fresh server; sets server_pid and exports S2_ACCOUNT_ENDPOINT, S2_BASIN_ENDPOINT, S2_ACCESS_TOKEN.
start_server() {
  local name="$1" data="$work/$1.data" log="$work/$1.server.log"
  mkdir -p "$data"
  "$s2r" lite --port 0 --data-dir "$data" >"$log" 2>&1 &
  server_pid=$!
  local deadline=$((SECONDS + start_timeout))
  until grep -q 'S2_ACCESS_TOKEN=' "$log" 2>/dev/null; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      fail "server for $name exited before printing its banner:"; cat "$log" >&2; server_pid=""; return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "server for $name printed no banner within ${start_timeout}s:"; cat "$log" >&2; return 1
    fi
    sleep 0.2
  done
  local listening account basin token
  listening="$(grep -o 'listening on http://[^[:space:]]*' "$log" | head -1 | sed 's/^listening on //')"
  account="$(grep -o 'S2_ACCOUNT_ENDPOINT=[^[:space:]]*' "$log" | head -1 | cut -d= -f2-)"
  basin="$(grep -o 'S2_BASIN_ENDPOINT=[^[:space:]]*' "$log" | head -1 | cut -d= -f2-)"
  token="$(grep -o 'S2_ACCESS_TOKEN=[^[:space:]]*' "$log" | head -1 | cut -d= -f2-)"
  if [ -z "$listening" ] || [ -z "$account" ] || [ -z "$basin" ] || [ -z "$token" ]; then
    fail "could not parse the banner of the server for $name:"; cat "$log" >&2; return 1
  fi
  export S2_ACCOUNT_ENDPOINT="$account" S2_BASIN_ENDPOINT="$basin" S2_ACCESS_TOKEN="$token"
  echo "interop: server for $name on $listening (pid $server_pid)"
}

# Prepares the cross-language stream and runs the writer (scenario 8's hook).
run_writer() {
  export S2_INTEROP_XLANG_BASIN="xlang-$$-$RANDOM" S2_INTEROP_XLANG_STREAM="xlang/stream"
  export S2_INTEROP_XLANG_COUNT="${S2_INTEROP_XLANG_COUNT:-100}"
  local writer="${S2_INTEROP_WRITER_CMD:-node lib/xlang.mjs write}"
  (cd "$here" && timeout 60 node lib/xlang.mjs prepare) || { fail "preparing the cross-language stream failed"; return 1; }
  echo "interop: cross-language writer: $writer"
  (cd "$here" && timeout 120 bash -c "$writer") || { fail "the cross-language writer failed"; return 1; }
  # The reverse direction: this SDK writes another stream, S2_INTEROP_READER_CMD reads and checks it.
  if [ -n "${S2_INTEROP_READER_CMD:-}" ]; then
    local reverse="xlang/reverse"
    (cd "$here" && S2_INTEROP_XLANG_STREAM="$reverse" timeout 60 node lib/xlang.mjs prepare-stream \
      && S2_INTEROP_XLANG_STREAM="$reverse" timeout 60 node lib/xlang.mjs write) \
      || { fail "the SDK writer of the reverse direction failed"; return 1; }
    echo "interop: cross-language reader: $S2_INTEROP_READER_CMD"
    (cd "$here" && S2_INTEROP_XLANG_STREAM="$reverse" timeout 120 bash -c "$S2_INTEROP_READER_CMD") \
      || { fail "the cross-language reader failed"; return 1; }
  fi
}

total_pass=0 total_fail=0 total_skip=0 failed_groups=()

for transport in $transports; do
  for file in "$here"/test/*.test.mjs; do
    group="$(basename "$file" .test.mjs)"
    [[ "$group" =~ $only ]] || continue
    name="$group-$transport"
    echo "# ---- $name"
    unset S2_INTEROP_XLANG_BASIN S2_INTEROP_XLANG_STREAM
    out="$work/$name.tap"
    if ! start_server "$name"; then
      total_fail=$((total_fail + 1)); failed_groups+=("$name (server start)"); stop_server; continue
    fi
    if [[ "$group" == *cross-language* ]] && ! run_writer; then
      total_fail=$((total_fail + 1)); failed_groups+=("$name (writer)"); stop_server; continue
    fi
    debug_env=()
    [ "${S2_INTEROP_DEBUG:-0}" = "1" ] && debug_env=(DEBUG='s2:*')
    (cd "$here" && env "${debug_env[@]}" S2_INTEROP_TRANSPORT="$transport" \
      timeout -k 10 "$group_timeout" node --test --test-reporter=tap "test/$group.test.mjs") 2>&1 | tee "$out"
    status=${PIPESTATUS[0]}
    stop_server
    pass="$(grep -E '^# pass [0-9]+' "$out" | tail -1 | awk '{print $3}')"
    failed="$(grep -E '^# fail [0-9]+' "$out" | tail -1 | awk '{print $3}')"
    cancelled="$(grep -E '^# cancelled [0-9]+' "$out" | tail -1 | awk '{print $3}')"
    skipped="$(grep -E '^# skipped [0-9]+' "$out" | tail -1 | awk '{print $3}')"
    total_pass=$((total_pass + ${pass:-0}))
    total_skip=$((total_skip + ${skipped:-0}))
    group_fail=$((${failed:-0} + ${cancelled:-0}))
    if [ "$status" -ne 0 ] && [ "$group_fail" -eq 0 ]; then group_fail=1; fi  # crash or timeout
    total_fail=$((total_fail + group_fail))
    if [ "$group_fail" -ne 0 ]; then
      failed_groups+=("$name")
      if [ "${S2_INTEROP_DEBUG:-0}" = "1" ]; then
        echo "# server log for $name:"; sed 's/^/#   /' "$work/$name.server.log" | tail -50
      fi
    fi
  done
done

echo "# ==== interop summary (transports: $transports; idle ${S2_INTEROP_IDLE_SECS}s)"
for g in "${failed_groups[@]}"; do echo "# failed: $g"; done
echo "# skipped $total_skip"
echo "# pass $total_pass"
echo "# fail $total_fail"
[ "$total_fail" -eq 0 ] && [ "$total_pass" -gt 0 ]
