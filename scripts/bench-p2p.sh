#!/usr/bin/env bash
# p2p benchmarks, side by side in one run on loopback (TCP + Noise + Yamux, one stream):
#   js<->js (interop/bench.mjs, listener in its own process), then on each JDK P2pBenchmark:
#   Java<->Java in one JVM, Java<->Java across two JVMs (one process per side, as js<->js),
#   Java->js, js->Java, and connection setup. Every Java figure is also given as a ratio to the
#   js<->js upload median of this same run, and a summary table closes the output.
# Usage: scripts/bench-p2p.sh
#   Environment: BYTES (per run, default 1 GiB), RUNS (5), SETUPS (20), WARMUP (bytes uploaded
#   before the timed runs on every path, js and Java alike; default 256 MiB), JDKS, MODES
#   (P2pBenchmark modes, default one-jvm,two-jvm,js,setup), NO_BUILD=1 to skip the build.
set -euo pipefail
cd "$(dirname "$0")/.."
BYTES=${BYTES:-1073741824}
RUNS=${RUNS:-5}
SETUPS=${SETUPS:-20}
WARMUP=${WARMUP:-268435456}
MODES=${MODES:-one-jvm,two-jvm,js,setup}
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}

if [ -z "${NO_BUILD:-}" ]; then
  mvn -q -B -pl p2p -am test-compile -Djazzer.skip
  mvn -q -B -pl p2p dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
[ -d interop/node_modules ] || (cd interop && npm ci --no-audit --no-fund)

echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; node $(node --version); $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# BYTES=$BYTES RUNS=$RUNS WARMUP=$WARMUP SETUPS=$SETUPS"
echo "## js <-> js"
js_json=$(mktemp)
java_out=$(mktemp)
trap 'rm -f "$js_json" "$java_out"' EXIT
(cd interop && node bench.mjs --bytes "$BYTES" --runs "$RUNS" --setups "$SETUPS" --warmup "$WARMUP") | tee "$js_json"
js_median=$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.throughput.uploadMBps.median)' "$js_json")
js_runs=$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.throughput.uploadRuns.map(x => Math.round(x.mbps)).join(", "))' "$js_json")
echo "js<->js upload runs: $js_runs; median $js_median MB/s (load $(cut -d' ' -f1 /proc/loadavg))"

CP="p2p/target/test-classes:p2p/target/classes:protocol/target/classes:$(cat p2p/target/bench-classpath.txt)"
summary=()
for jdk in $JDKS; do
  [ -x "$jdk/bin/java" ] || continue
  major=$("$jdk/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  opts=(-Xmx1g -Dio.netty.leakDetection.level=disabled)
  if [ "$major" -ge 24 ]; then opts+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow); fi
  echo "## Java $major"
  "$jdk/bin/java" "${opts[@]}" -cp "$CP" org.kith.p2p.bench.P2pBenchmark "$BYTES" "$RUNS" "$SETUPS" \
    --modes "$MODES" --warmup "$WARMUP" --js-mbps "$js_median" | tee "$java_out"
  while IFS= read -r line; do
    line="${line/| java/| Java $major: java}"
    summary+=("${line/| js->java/| Java $major: js->java}")
  done < <(grep '^| ' "$java_out")
done

echo "## summary (upload, MB/s; ratio = median / js<->js upload median of this run)"
echo "| path | runs | median | ratio |"
echo "|---|---|---|---|"
echo "| js<->js (two processes) | $js_runs | $js_median | 1.00 |"
printf '%s\n' "${summary[@]}"
