#!/usr/bin/env bash
# Scenario 8 with our Java client on the other side, through the s2r CLI (ReactorS2Stream sink
# and read session). `write` appends the cross-language records (contract in lib/xlang.mjs);
# `check` reads a stream the TypeScript SDK wrote and verifies every record, in order.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
s2r="$here/../../s2r"
uri="s2://$S2_INTEROP_XLANG_BASIN/$S2_INTEROP_XLANG_STREAM"
count="${S2_INTEROP_XLANG_COUNT:-100}"

case "${1:-}" in
  write)
    node -e 'for (let i = 0; i < Number(process.argv[1]); i++)
      console.log(JSON.stringify({headers: [["index", String(i)], ["writer", "java"]], body: `xlang-${i}`}));' "$count" \
      | "$s2r" append "$uri" --format json
    ;;
  check)
    "$s2r" read "$uri" --seq-num 0 --count "$count" --format json | node -e '
      const lines = require("fs").readFileSync(0, "utf8").trim().split("\n");
      const count = Number(process.argv[1]);
      if (lines.length !== count) throw new Error(`expected ${count} records, got ${lines.length}`);
      lines.forEach((line, i) => {
        const r = JSON.parse(line);
        const headers = JSON.stringify(r.headers);
        if (r.seq_num !== i || r.body !== `xlang-${i}` || headers !== JSON.stringify([["index", String(i)], ["writer", "typescript"]]))
          throw new Error(`record ${i} differs: ${line}`);
      });
      console.log(`interop: the Java reader saw all ${count} records of the TypeScript writer, in order`);' "$count"
    ;;
  *)
    echo "usage: java-xlang.sh write|check" >&2
    exit 2
    ;;
esac
