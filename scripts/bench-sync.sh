#!/usr/bin/env bash
# Catch-up benchmark: a fresh node pulls 100k records in 200 feeds from one peer over loopback
# (Noise + Yamux), both in one JVM. See docs/benchmarks.md, "Replication: catch-up".
#   scripts/bench-sync.sh [--records N] [--feeds F] [--runs R] [--xmx SIZE] [--no-build]
exec "$(dirname "$0")/lib/node-bench.sh" org.kith.node.sync.SyncBenchmark "$@"
