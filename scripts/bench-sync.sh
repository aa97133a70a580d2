#!/usr/bin/env bash
# Catch-up benchmark: a fresh node pulls 100k records in 200 feeds from one peer over loopback
# (Noise + Yamux), both in one JVM. See docs/benchmarks.md, "Replication: catch-up".
#   scripts/bench-sync.sh [--records N] [--feeds F] [--runs R] [--xmx SIZE] [--no-build]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="$ROOT/node-core"
WORK="$MODULE/target/bench"
CP_FILE="target/bench-classpath.txt"

XMX=512m
BUILD=1
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --xmx) XMX="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/java}"
JAVA="${JAVA:-$(command -v java)}"

if [[ $BUILD -eq 1 ]]; then
  echo "building (mvn -q -pl node-core -am test-compile dependency:build-classpath) ..." >&2
  (cd "$ROOT" && mvn -q -pl node-core -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test -Djazzer.skip)
fi
CP="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/$CP_FILE")"

JVM_OPTS=(-Xmx"$XMX" -Xms64m -Dlogback.configurationFile="$ROOT/scripts/bench-logback.xml")
FEATURE="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [[ "${FEATURE%%.*}" -ge 24 ]]; then
  JVM_OPTS+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi
mkdir -p "$WORK"
cd "$MODULE"
exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" org.kith.node.sync.SyncBenchmark --dir "$WORK" "${ARGS[@]}"
