#!/usr/bin/env bash
# Shared runner of the node-core benchmark harnesses (test sources of node-core): builds unless
# --no-build, then runs CLASS with --dir node-core/target/bench and the remaining arguments.
#   scripts/lib/node-bench.sh CLASS [--xmx SIZE] [--no-build] [harness options]
CLASS="$1"; shift
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
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
exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" "$CLASS" --dir "$WORK" "${ARGS[@]}"
