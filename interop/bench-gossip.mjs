#!/usr/bin/env node
// Gossipsub propagation benchmark, js side: N js-libp2p nodes in this process on 127.0.0.1,
// connected by a seeded random graph, all subscribed to one topic; messages are published at a
// fixed total rate, round-robin over the nodes, for a fixed time. Every delivery's latency
// (publish → receipt, one clock: one process) is recorded. Prints one JSON line of results.
// The Java side (P2P GossipBenchmark) builds the same graph from the same seed.
import './lib/polyfill.mjs'
import { parseArgs } from 'node:util'
import { multiaddr } from '@multiformats/multiaddr'
import { createPeer } from './lib/node.mjs'
import { benchGraph } from './lib/graph.mjs'

const { values } = parseArgs({
  options: {
    hosts: { type: 'string', default: '12' },
    degree: { type: 'string', default: '4' },
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '60' },
    size: { type: 'string', default: '256' },
    seed: { type: 'string', default: '42' },
    topic: { type: 'string', default: 'kith-bench' }
  },
  strict: true
})
const hosts = Number(values.hosts)
const degree = Number(values.degree)
const rate = Number(values.rate)
const seconds = Number(values.seconds)
const size = Math.max(16, Number(values.size))
const seed = Number(values.seed)
const topic = values.topic

function log (...args) {
  process.stderr.write(`[bench-gossip] ${args.join(' ')}\n`)
}

const nodes = []
for (let i = 0; i < hosts; i++) {
  nodes.push(await createPeer({ listen: ['/ip4/127.0.0.1/tcp/0'], gossip: true, monitor: true }))
}
const edges = benchGraph(hosts, degree, seed)
for (const [a, b] of edges) {
  const addr = nodes[b].getMultiaddrs().find(ma => ma.toString().startsWith('/ip4/127.0.0.1/'))
  await nodes[a].dial(multiaddr(addr.toString()))
}
const neighbours = Array.from({ length: hosts }, () => new Set())
for (const [a, b] of edges) {
  neighbours[a].add(b)
  neighbours[b].add(a)
}

const latenciesUs = []
const received = Array.from({ length: hosts }, () => new Set())
const t0 = performance.now()
const nowUs = () => Math.round((performance.now() - t0) * 1000)
nodes.forEach((node, i) => {
  node.services.pubsub.addEventListener('message', (evt) => {
    const data = evt.detail.data
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    const seq = Number(view.getBigUint64(0))
    const sentUs = Number(view.getBigUint64(8))
    if (!received[i].has(seq)) {
      received[i].add(seq)
      latenciesUs.push(nowUs() - sentUs)
    }
  })
  node.services.pubsub.subscribe(topic)
})

// Wait (with a deadline) until every node sees each neighbour's subscription and has a mesh.
const deadline = Date.now() + 30_000
for (;;) {
  const ready = nodes.every((n, i) => n.services.pubsub.getSubscribers(topic).length >= neighbours[i].size &&
    n.services.pubsub.getMeshPeers(topic).length >= Math.min(4, neighbours[i].size))
  if (ready) {
    break
  }
  if (Date.now() > deadline) {
    log('mesh not formed in 30 s; measuring anyway')
    break
  }
  await new Promise(resolve => setTimeout(resolve, 50))
}

const total = Math.round(rate * seconds)
log(`${hosts} hosts, ${edges.length} links, ${total} messages at ${rate}/s of ${size} B`)
let publishFailures = 0
const start = performance.now()
for (let seq = 0; seq < total; seq++) {
  const due = start + (seq * 1000) / rate
  const wait = due - performance.now()
  if (wait > 0) {
    await new Promise(resolve => setTimeout(resolve, wait))
  }
  const data = new Uint8Array(size)
  const view = new DataView(data.buffer)
  view.setBigUint64(0, BigInt(seq))
  view.setBigUint64(8, BigInt(nowUs()))
  const i = seq % hosts
  nodes[i].services.pubsub.publish(topic, data).catch(() => { publishFailures++ })
  received[i].add(seq) // the publisher has its own message
}
// Let the last messages arrive (gossip may need a heartbeat or two), with a deadline.
const expected = total * (hosts - 1)
const drainEnd = Date.now() + 10_000
while (latenciesUs.length < expected && Date.now() < drainEnd) {
  await new Promise(resolve => setTimeout(resolve, 50))
}
const sorted = latenciesUs.slice().sort((a, b) => a - b)
const pct = (p) => sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000
const result = {
  impl: 'js',
  node: process.version,
  hosts,
  links: edges.length,
  rate,
  seconds,
  size,
  published: total,
  publishFailures,
  expected,
  delivered: latenciesUs.length,
  deliveredFraction: latenciesUs.length / expected,
  p50Ms: pct(0.5),
  p90Ms: pct(0.9),
  p99Ms: pct(0.99),
  maxMs: sorted.length === 0 ? null : sorted[sorted.length - 1] / 1000
}
process.stdout.write(JSON.stringify(result) + '\n')
await Promise.all(nodes.map(n => n.stop()))
process.exit(0)
