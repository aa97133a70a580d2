#!/usr/bin/env bash
# Trust engine benchmarks (test sources of node-core). See docs/benchmarks.md, "Trust".
#   scripts/bench-trust.sh [sim|perf|all] [--no-build] [--xmx SIZE] [harness options]
# sim:  TrustSimulation — sybil share, sybils above the median honest person and reliability Spearman for
#       g = 1, 10, 100 attack edges (options: --seeds N --seed FIRST --viewpoints V --honest N --sybils N
#       --commitments C --noise P --full-weight-trust K)
# perf: TrustBenchmark — full recompute (10k people, 100k vouches, 50k attestations) and incremental updates
#       (options: --runs N)
# all (default): sim, then perf (the second without rebuilding).
set -euo pipefail
LIB="$(dirname "$0")/lib/node-bench.sh"
MODE="${1:-all}"
case "$MODE" in
  sim|perf|all) [[ $# -gt 0 ]] && shift ;;
  *) MODE=all ;;
esac
case "$MODE" in
  sim) exec "$LIB" org.kith.node.trust.TrustSimulation "$@" ;;
  perf) exec "$LIB" org.kith.node.trust.TrustBenchmark "$@" ;;
  all)
    "$LIB" org.kith.node.trust.TrustSimulation "$@"
    echo
    exec "$LIB" org.kith.node.trust.TrustBenchmark --no-build ;;
esac
