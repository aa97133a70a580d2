#!/usr/bin/env bash
# Gossipsub propagation, side by side in one run on loopback: a js swarm (interop/bench-gossip.mjs)
# and a Java swarm (GossipBenchmark) of the same size, on the same seeded graph, at the same
# publish rate, each in one process. Prints one JSON line per run.
# Usage: scripts/bench-gossip.sh     (HOSTS, DEGREE, RATE, DURATION, SIZE, SEED and JDKS may be set)
set -euo pipefail
cd "$(dirname "$0")/.."
HOSTS=${HOSTS:-12}
DEGREE=${DEGREE:-4}
RATE=${RATE:-100}
DURATION=${DURATION:-60}   # not SECONDS: bash keeps its own SECONDS
SIZE=${SIZE:-256}
SEED=${SEED:-42}
JDKS=${JDKS:-"/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"}

mvn -q -B -pl p2p -am test-compile -Djazzer.skip
mvn -q -B -pl p2p dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
[ -d interop/node_modules ] || (cd interop && npm ci --no-audit --no-fund)

echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; node $(node --version); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## js"
(cd interop && node bench-gossip.mjs --hosts "$HOSTS" --degree "$DEGREE" --rate "$RATE" --seconds "$DURATION" \
  --size "$SIZE" --seed "$SEED")

CP="p2p/target/test-classes:p2p/target/classes:protocol/target/classes:$(cat p2p/target/bench-classpath.txt)"
for jdk in $JDKS; do
  [ -x "$jdk/bin/java" ] || continue
  major=$("$jdk/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  opts=(-Xmx1g -Dio.netty.leakDetection.level=disabled)
  if [ "$major" -ge 24 ]; then opts+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow); fi
  echo "## Java $major (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  "$jdk/bin/java" "${opts[@]}" -cp "$CP" org.kith.p2p.bench.GossipBenchmark "$HOSTS" "$DEGREE" "$RATE" "$DURATION" \
    "$SIZE" "$SEED"
done
