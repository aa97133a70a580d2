#!/usr/bin/env bash
# Ingest benchmark of the node's record store. See docs/benchmarks.md.
#
#   scripts/bench-ingest.sh [script options] [benchmark options]
#
# Script options:
#   --xmx SIZE     maximum heap of the benchmark JVM (default 512m; use 128m to show flat memory)
#   --jfr          record a JFR profile to node-core/target/bench/ingest-<jdk>.jfr
#   --no-build     skip the Maven build (reuse compiled classes and the classpath file)
# Benchmark options (passed to org.kith.node.bench.IngestBenchmark):
#   --records N    records to generate and ingest (default 100k; k/m suffixes allowed)
#   --authors A    authors (feeds) they are spread over (default 100)
#   --batches L    comma-separated ingestBatch sizes (default 1000,100)
#   --single N     records ingested one transaction each (default 2000; 0 skips)
#   --warmup N     untimed warm-up records (default 10000)
#   --sig-records N  records for the signature-only phase (default 20000)
#   --phases L     subset of sig,parse,verify,ingest,single
#   --db-dir DIR   where the SQLite files go (default node-core/target/bench; /dev/shm/x: no disk)
#   --keep-db      keep the ingested SQLite files
#
# Environment: BENCH_JAVA_OPTS adds JVM options (space-separated).
# The JDK: $JAVA_HOME/bin/java if JAVA_HOME is set, else java on the PATH. Maven builds with
# the same JAVA_HOME (the code targets --release 17 either way).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE="$ROOT/node-core"
WORK="$MODULE/target/bench"
CP_FILE="target/bench-classpath.txt"   # relative to each module; we read node-core's

XMX=512m
JFR=0
BUILD=1
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --xmx) XMX="$2"; shift 2 ;;
    --jfr) JFR=1; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

if [[ -n "${JAVA_HOME:-}" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java)"
fi

if [[ $BUILD -eq 1 ]]; then
  echo "building (mvn -q -pl node-core -am test-compile dependency:build-classpath) ..." >&2
  (cd "$ROOT" && mvn -q -pl node-core -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test)
fi
if [[ ! -f "$MODULE/$CP_FILE" ]]; then
  echo "no $MODULE/$CP_FILE: run without --no-build first" >&2
  exit 1
fi
CP="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/$CP_FILE")"

JVM_OPTS=(-Xmx"$XMX" -Xms64m)
FEATURE="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [[ "${FEATURE%%.*}" -ge 24 ]]; then
  # sqlite-jdbc loads its native library through JNI: allowed, but JDK 24+ warns unless enabled.
  JVM_OPTS+=(--enable-native-access=ALL-UNNAMED)
fi
mkdir -p "$WORK"
if [[ $JFR -eq 1 ]]; then
  JVM_OPTS+=(-XX:StartFlightRecording=filename="$WORK/ingest-jdk$FEATURE.jfr",settings=profile)
fi
# logback's default configuration would print DEBUG lines from sqlite-jdbc; keep the output clean.
JVM_OPTS+=(-Dlogback.configurationFile="$ROOT/scripts/bench-logback.xml")
# Extra JVM options, space-separated, e.g. BENCH_JAVA_OPTS="-XX:+UseParallelGC".
if [[ -n "${BENCH_JAVA_OPTS:-}" ]]; then
  read -r -a EXTRA <<< "$BENCH_JAVA_OPTS"
  JVM_OPTS+=("${EXTRA[@]}")
fi

cd "$MODULE"
exec "$JAVA" "${JVM_OPTS[@]}" -cp "$CP" org.kith.node.bench.IngestBenchmark --dir "$WORK" "${ARGS[@]}"
