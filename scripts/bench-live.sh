#!/usr/bin/env bash
# Live propagation benchmark: 5 in-process nodes (own SQLite stores, SwarmHost on 127.0.0.1) in a ring;
# proposals at a fixed rate, latency from propose to stored on each other node. See docs/benchmarks.md,
# "Replication: live propagation".
#   scripts/bench-live.sh [--records N] [--rate PER_SECOND] [--warmup N] [--xmx SIZE] [--no-build]
exec "$(dirname "$0")/lib/node-bench.sh" org.kith.node.bench.LiveLatencyBenchmark "$@"
