#!/usr/bin/env bash
# Regenerates benchmarks/RESULTS.md: RUNS (default 3) runs of each bench scenario with same-run
# baselines (fsync, loopback, Redis Streams if redis-server is installed), idle readers against a
# server in its own 512 MiB JVM (T5), plus JMH micro-benchmarks,
# summarised as medians with min-max and ratios to the baselines. Usage, from the repository root:
#   benchmarks/run-report.sh            # RUNS=3 DURATION=10s
#   RUNS=1 DURATION=5s SKIP_JMH=1 benchmarks/run-report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
# T3 measures steady-state latency: JIT compilation of the read path takes most of a 2 s warm-up
# on 2 cores and showed up as a p99 of hundreds of ms. Redis's peer gets the same warm-up.
T3_WARMUP=${T3_WARMUP:-10s}
FIRST_RUN=${FIRST_RUN:-1}   # >1 continues an interrupted report, keeping the earlier runs
OUT=benchmarks/target/report
mkdir -p "$OUT"
if [[ "$FIRST_RUN" == 1 ]]; then rm -f "$OUT"/*.json; fi

./mvnw -B -o -q -pl benchmarks -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/benchmarks/target/classpath.txt" -Dmdep.includeScope=runtime
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
JAVA=(java -Xmx1g -XX:+UseParallelGC -cp "$CP")
# A failed verification exits 1 but still prints its report: keep going, summarize.py counts it.
bench() { "${JAVA[@]}" dev.s2reactive.benchmarks.BenchMain "$@" --json 2>>"$OUT/stderr.log" | tail -1 || true; }
redis() { "${JAVA[@]}" dev.s2reactive.benchmarks.RedisPeerCommand "$@" --json 2>>"$OUT/stderr.log" | tail -1 || true; }
idle() { "${JAVA[@]}" dev.s2reactive.benchmarks.IdleReadersCommand "$@" --json 2>>"$OUT/stderr.log" | tail -1 || true; }
tspeer() { "${JAVA[@]}" dev.s2reactive.benchmarks.TypeScriptPeerCommand "$@" 2>>"$OUT/stderr.log" | tail -1 || true; }
# The TypeScript SDK peer resolves @s2-dev/streamstore from benchmarks/ts-peer/node_modules: reuse the
# interop suite's install (run `npm ci` in interop/typescript once) when present.
if [[ ! -e benchmarks/ts-peer/node_modules && -d interop/typescript/node_modules ]]; then
  ln -s ../../interop/typescript/node_modules benchmarks/ts-peer/node_modules
fi

{
  echo "{"
  echo "\"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "\"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\","
  echo "\"cores\": $(nproc),"
  echo "\"mem\": \"$(free -h | awk '/Mem:/ {print $2}')\","
  echo "\"kernel\": \"$(uname -r)\","
  echo "\"java\": \"$(java -version 2>&1 | head -1 | tr -d '"')\","
  echo "\"disk\": \"$(df -h "${TMPDIR:-/tmp}" | awk 'NR==2 {print $1" "$2" ("$6")"}')\","
  echo "\"redis\": \"$(redis-server --version 2>/dev/null | cut -d' ' -f3 || echo none)\","
  echo "\"load_before\": \"$(cut -d' ' -f1-3 /proc/loadavg)\""
  echo "}"
} > "$OUT/machine-$FIRST_RUN.json"
[[ -e "$OUT/machine.json" ]] || cp "$OUT/machine-$FIRST_RUN.json" "$OUT/machine.json"

for run in $(seq "$FIRST_RUN" "$RUNS"); do
  echo "run $run/$RUNS" >&2
  # T1/T4: 1 KiB records as fast as the sink goes, then a hot catch-up read; baselines alongside.
  bench s2://bench-basin -b 1024 -t max -d "$DURATION" -w 0s --warmup 3s --baselines \
    > "$OUT/t1-s2-$run.json"
  redis -b 1024 -t max -d "$DURATION" -w 0s > "$OUT/t1-redis-$run.json"
  # T2: unloaded acks (100 records/s, no linger), then 1000 idle tailing readers (client and
  # server in one JVM: an upper bound of T5, which is measured on its own below).
  # --baselines: a single fsync at the same pace (every 10 ms) is the floor of these acks.
  bench s2://bench-basin -b 1024 -t 0.1 -d "$DURATION" -w 0s --linger 0ms --warmup 2s \
    --idle-readers 1000 --baselines > "$OUT/t2-s2-$run.json"
  # T5: idle tailing readers against a server in its own 512 MiB JVM (heap after GC, per reader).
  # Then 2 catch-up readers that stop reading a 64 MiB stream: the server heap each one holds.
  idle --readers 1000 --heap 512m --stalled-readers 2 --stalled-mib 64 > "$OUT/t5n1000-$run.json"
  idle --readers 10000 --heap 512m > "$OUT/t5n10000-$run.json"
  # T3: 1000 records/s of 256 B to 1 and 100 readers.
  bench s2://bench-basin -b 256 -t 0.244140625 -d "$DURATION" -w 0s --linger 0ms \
    --warmup "$T3_WARMUP" > "$OUT/t3n1-s2-$run.json"
  bench s2://bench-basin -b 256 -t 0.244140625 -d "$DURATION" -w 0s --linger 0ms \
    --warmup "$T3_WARMUP" --readers 100 > "$OUT/t3n100-s2-$run.json"
  redis -b 256 -t 0.244140625 -d "$DURATION" -w 0s --warmup "$T3_WARMUP" --readers 100 \
    > "$OUT/t3n100-redis-$run.json"
  # T6: the TypeScript SDK and this client, same workload, same server, one after the other.
  command -v node >/dev/null && tspeer -b 1024 -d "$DURATION" > "$OUT/t6-$run.json" || true
done
# T3 with 1000 readers at 100 records/s: once (it takes most of the machine).
bench s2://bench-basin -b 256 -t 0.0244140625 -d "$DURATION" -w 0s --linger 0ms \
  --warmup "$T3_WARMUP" --readers 1000 --read-timeout 120s > "$OUT/t3n1000-s2-1.json" || true
redis -b 256 -t 0.0244140625 -d "$DURATION" -w 0s --warmup "$T3_WARMUP" --readers 1000 \
  > "$OUT/t3n1000-redis-1.json" || true

if [[ -z "${SKIP_JMH:-}" ]]; then
  "${JAVA[@]}" org.openjdk.jmh.Main 'CodecBenchmark|AppendSinkBenchmark' -f 1 -wi 2 -i 3 -w 1 -r 1 \
    -prof gc -rf json -rff "$OUT/jmh.json" > "$OUT/jmh.log" 2>&1
fi
echo "\"$(cut -d' ' -f1-3 /proc/loadavg)\"" > "$OUT/load-after.json"
python3 benchmarks/summarize.py "$OUT" > benchmarks/RESULTS.md
# Replace the results section of the README with the new table.
python3 - <<'PY'
import re
readme = open("benchmarks/README.md").read()
results = open("benchmarks/RESULTS.md").read().split("\n", 1)[1].strip()
readme = re.sub(r"(<!-- results:begin -->\n).*?(<!-- results:end -->)",
                lambda m: m.group(1) + results + "\n" + m.group(2), readme, flags=re.S)
open("benchmarks/README.md", "w").write(readme)
PY
echo "wrote benchmarks/RESULTS.md and the README's results section" >&2
