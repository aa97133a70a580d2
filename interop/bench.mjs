#!/usr/bin/env node
// js-libp2p ↔ js-libp2p baseline on loopback (TCP + Noise + Yamux): bulk throughput on one stream
// and connection setup time (dial → identify done). Prints one JSON object on stdout.
//
//   node bench.mjs [--bytes 268435456] [--chunk 65536] [--runs 3] [--setups 20]
//                  [--warmup 33554432] [--mode process|inprocess] [--swarm-key FILE]
//
// mode=process (default): the listener is a separate `node peer.mjs` process, so each side has
// its own event loop (and core); mode=inprocess: both nodes share one event loop.
import './lib/polyfill.mjs'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { multiaddr } from '@multiformats/multiaddr'
import { createPeer, loopbackAddrs } from './lib/node.mjs'
import { sinkClient, sourceClient } from './lib/protocols.mjs'

const { values } = parseArgs({
  options: {
    bytes: { type: 'string', default: String(256 * 1024 * 1024) },
    chunk: { type: 'string', default: String(64 * 1024) },
    runs: { type: 'string', default: '3' },
    setups: { type: 'string', default: '20' },
    warmup: { type: 'string', default: String(32 * 1024 * 1024) },
    mode: { type: 'string', default: 'process' },
    'swarm-key': { type: 'string' }
  },
  strict: true
})
const bytes = Number(values.bytes)
const chunk = Number(values.chunk)
const runs = Number(values.runs)
const setups = Number(values.setups)
const warmup = Number(values.warmup)
if (![bytes, chunk, runs, setups, warmup].every(Number.isSafeInteger) || chunk <= 0 || warmup <= 0 || !['process', 'inprocess'].includes(values.mode)) {
  process.stderr.write('usage: node bench.mjs [--bytes N] [--chunk N] [--runs N] [--setups N] [--warmup N] [--mode process|inprocess] [--swarm-key FILE]\n')
  process.exit(2)
}

function log (...args) {
  process.stderr.write(`[bench] ${args.join(' ')}\n`)
}

async function startListener () {
  const listen = ['/ip4/127.0.0.1/tcp/0']
  if (values.mode === 'inprocess') {
    const node = await createPeer({ listen, monitor: false, swarmKeyFile: values['swarm-key'] })
    return { peerId: node.peerId.toString(), addr: loopbackAddrs(node)[0], stop: () => node.stop() }
  }
  const args = ['peer.mjs', '--listen', listen[0], '--monitor', 'off']
  if (values['swarm-key'] != null) {
    args.push('--swarm-key', values['swarm-key'])
  }
  const child = spawn(process.execPath, args, { cwd: new URL('.', import.meta.url), stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })
  const first = await new Promise((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line)))
    child.once('exit', (code) => reject(new Error(`listener exited with ${code}`)))
  })
  if (first.event !== 'listening') {
    throw new Error(`listener failed: ${JSON.stringify(first)}`)
  }
  lines.on('line', (line) => {
    if (line.includes('"event":"error"')) {
      log(`listener: ${line}`)
    }
  })
  return {
    peerId: first.peerId,
    addr: first.addrs[0],
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve)
      child.stdin.end()
    })
  }
}

function stats (xs) {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))]
  const r = (x) => Math.round(x * 100) / 100
  return { n: s.length, min: r(s[0]), median: r(at(0.5)), p90: r(at(0.9)), max: r(s[s.length - 1]) }
}

const listener = await startListener()
const client = await createPeer({ monitor: false, swarmKeyFile: values['swarm-key'] })
const target = multiaddr(listener.addr)
const serverId = listener.peerId
log(`mode=${values.mode} listener=${listener.addr}`)

await client.dial(target)
// Warm-up: JIT, buffers, window growth.
await sinkClient(client, target, { bytes: Math.min(bytes, warmup), chunk })

const upload = []
const download = []
for (let i = 0; i < runs; i++) {
  const up = await sinkClient(client, target, { bytes, chunk })
  if (!up.ok) throw new Error(`upload run ${i} failed: ${JSON.stringify(up)}`)
  upload.push(up)
  const down = await sourceClient(client, target, { bytes })
  if (!down.ok) throw new Error(`download run ${i} failed: ${JSON.stringify(down)}`)
  download.push(down)
  log(`run ${i + 1}/${runs}: upload ${up.mbps} MB/s, download ${down.mbps} MB/s`)
}
await client.hangUp(target)

const dialMs = []
const setupMs = []
for (let i = 0; i < setups; i++) {
  const identified = new Promise((resolve) => {
    const onIdentify = (evt) => {
      if (evt.detail.peerId.toString() === serverId) {
        client.removeEventListener('peer:identify', onIdentify)
        resolve()
      }
    }
    client.addEventListener('peer:identify', onIdentify)
  })
  const t0 = performance.now()
  await client.dial(target)
  const t1 = performance.now()
  await identified
  const t2 = performance.now()
  dialMs.push(t1 - t0)
  setupMs.push(t2 - t0)
  await client.hangUp(target)
}

await client.stop()
await listener.stop()

const pkg = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version
const mbps = (rs) => stats(rs.map(r => r.mbps))
process.stdout.write(JSON.stringify({
  bench: 'js-libp2p loopback tcp+noise+yamux',
  node: process.version,
  libp2p: pkg('libp2p'),
  noise: pkg('@chainsafe/libp2p-noise'),
  yamux: pkg('@chainsafe/libp2p-yamux'),
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? null,
  mode: values.mode,
  pnet: values['swarm-key'] != null,
  throughput: {
    bytes,
    chunk,
    runs,
    warmupBytes: Math.min(bytes, warmup),
    uploadMBps: mbps(upload),
    downloadMBps: mbps(download),
    uploadRuns: upload.map(r => ({ ms: r.ms, mbps: r.mbps })),
    downloadRuns: download.map(r => ({ ms: r.ms, mbps: r.mbps }))
  },
  setup: { dialMs: stats(dialMs), dialToIdentifyMs: stats(setupMs) }
}, null, 2) + '\n')
process.exit(0)
