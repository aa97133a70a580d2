#!/usr/bin/env bash
# p2p benchmarks, side by side in one run on loopback (TCP + Noise + Yamux, one stream):
#   js<->js (interop/bench.mjs), then Java<->Java, Java->js and js->Java (P2pBenchmark) on each JDK.
# Usage: scripts/bench-p2p.sh            (BYTES, RUNS, SETUPS and JDKS may be set in the environment)
set -euo pipefail
cd "$(dirname "$0")/.."
BYTES=${BYTES:-268435456}
RUNS=${RUNS:-3}
SETUPS=${SETUPS:-20}
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}

mvn -q -B -pl p2p -am test-compile -Djazzer.skip
mvn -q -B -pl p2p dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
[ -d interop/node_modules ] || (cd interop && npm ci --no-audit --no-fund)

echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; node $(node --version)"
echo "## js <-> js"
(cd interop && node bench.mjs --bytes "$BYTES" --runs "$RUNS" --setups "$SETUPS")

CP="p2p/target/test-classes:p2p/target/classes:protocol/target/classes:$(cat p2p/target/bench-classpath.txt)"
for jdk in $JDKS; do
  [ -x "$jdk/bin/java" ] || continue
  major=$("$jdk/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  opts=(-Xmx1g -Dio.netty.leakDetection.level=disabled)
  if [ "$major" -ge 24 ]; then opts+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow); fi
  echo "## Java $major"
  "$jdk/bin/java" "${opts[@]}" -cp "$CP" org.kith.p2p.bench.P2pBenchmark "$BYTES" "$RUNS" "$SETUPS"
done
