// The benchmark topology, shared with the Java side (org.kith.p2p.bench.BenchGraph): a ring (so
// the graph is connected) plus, for every node, random extra links until it has `degree`
// dialed links, drawn from a 32-bit xorshift generator seeded with `seed`. Same inputs, same
// edges, in both languages.

/** xorshift32; never returns 0 for a non-zero seed. */
function xorshift (seed) {
  let x = (seed >>> 0) || 1
  return () => {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    return x
  }
}

/** Undirected edges [dialer, listener], each once, dialer < listener not required. */
export function benchGraph (hosts, degree, seed) {
  const next = xorshift(seed)
  const edges = []
  const has = new Set()
  const add = (a, b) => {
    const key = a < b ? `${a}-${b}` : `${b}-${a}`
    if (a === b || has.has(key)) {
      return false
    }
    has.add(key)
    edges.push([a, b])
    return true
  }
  for (let i = 0; i < hosts && hosts > 1; i++) {
    add(i, (i + 1) % hosts)
  }
  for (let i = 0; i < hosts; i++) {
    let dialed = 1
    let tries = 0
    while (dialed < degree && tries < 100 * degree) {
      tries++
      if (add(i, next() % hosts)) {
        dialed++
      }
    }
  }
  return edges
}
