#!/usr/bin/env bash
# End-to-end test of the browser sample: builds the samples module, writes the WebDemo classpath,
# installs playwright-core (pinned in test/package-lock.json) and runs test/e2e.test.mjs in
# headless Chromium. Needs /usr/bin/chromium (Debian: apt-get install -y chromium chromium-driver),
# node and npm. Screenshots land in samples/web/target/. Pass -o to build Maven offline.
set -euo pipefail
web="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$web/../.." && pwd)"
offline=()
if [ "${1:-}" = "-o" ]; then offline=(-o); fi

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "web e2e: ${CHROMIUM_PATH:-/usr/bin/chromium} not found (apt-get install -y chromium chromium-driver)" >&2
  exit 1
fi

mkdir -p "$web/target"
(cd "$root" && ./mvnw -B -q "${offline[@]}" -pl samples -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.7.0:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$web/target/classpath.txt")
export WEB_DEMO_CLASSPATH="$root/samples/target/classes:$(cat "$web/target/classpath.txt")"

cd "$web/test"
npm ci --no-audit --no-fund --loglevel=error
node --test --test-reporter=spec e2e.test.mjs
