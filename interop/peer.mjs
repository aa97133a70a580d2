#!/usr/bin/env node
// One js-libp2p peer for Kith's interop tests. Events and command replies are newline-delimited
// JSON on stdout; commands are newline-delimited JSON on stdin; logs go to stderr.
// See README.md for the protocol.
import './lib/polyfill.mjs'
import { createHash } from 'node:crypto'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { createPeer, isLoopback, kithMessageId, loopbackAddrs } from './lib/node.mjs'
import { echoClient, sinkClient, sourceClient } from './lib/protocols.mjs'

const DEFAULT_COMMAND_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 5_000

let stdoutBroken = false
function emit (obj) {
  if (!stdoutBroken) {
    process.stdout.write(JSON.stringify(obj) + '\n')
  }
}
// EPIPE: the driving process is gone. Never report that on stdout again (that would loop).
process.stdout.on('error', (err) => {
  stdoutBroken = true
  process.stderr.write(`[peer] stdout failed (${err.code ?? err.message}); exiting\n`)
  process.exit(0)
})

function log (...args) {
  process.stderr.write(`[peer ${new Date().toISOString()}] ${args.join(' ')}\n`)
}

function usage (message) {
  emit({ event: 'fatal', message })
  process.stderr.write(`${message}
usage: node peer.mjs [--listen MULTIADDR]... [--swarm-key FILE] [--seed HEX32]
                     [--muxer-early on|off] [--monitor on|off] [--agent STRING]
                     [--inbound-rate N] [--gossip on|off]
`)
  process.exit(2)
}

function parseCli () {
  let values
  try {
    ({ values } = parseArgs({
      options: {
        listen: { type: 'string', multiple: true },
        'swarm-key': { type: 'string' },
        seed: { type: 'string' },
        'muxer-early': { type: 'string', default: 'on' },
        monitor: { type: 'string', default: 'on' },
        agent: { type: 'string' },
        'inbound-rate': { type: 'string' },
        gossip: { type: 'string', default: 'off' },
        help: { type: 'boolean', short: 'h' }
      },
      strict: true,
      allowPositionals: false
    }))
  } catch (err) {
    usage(err.message)
  }
  if (values.help) {
    usage('help requested')
  }
  const listen = values.listen ?? []
  for (const addr of listen) {
    let ma
    try {
      ma = multiaddr(addr)
    } catch (err) {
      usage(`--listen ${addr}: ${err.message}`)
    }
    if (!isLoopback(ma)) {
      usage(`--listen ${addr}: only loopback addresses are allowed`)
    }
  }
  let seed
  if (values.seed != null) {
    if (!/^[0-9a-fA-F]{64}$/.test(values.seed)) {
      usage('--seed must be 64 hex characters (a 32-byte Ed25519 seed)')
    }
    seed = Uint8Array.from(Buffer.from(values.seed, 'hex'))
  }
  const onOff = (name) => {
    const v = values[name]
    if (v !== 'on' && v !== 'off') {
      usage(`--${name} must be on or off`)
    }
    return v === 'on'
  }
  let inboundRate
  if (values['inbound-rate'] != null) {
    inboundRate = Number(values['inbound-rate'])
    if (!Number.isSafeInteger(inboundRate) || inboundRate < 1) {
      usage('--inbound-rate must be a positive integer')
    }
  }
  return {
    listen,
    inboundRate,
    swarmKeyFile: values['swarm-key'],
    seed,
    muxerEarly: onOff('muxer-early'),
    monitor: onOff('monitor'),
    gossip: onOff('gossip'),
    userAgent: values.agent
  }
}

/** A command's `peer` may be a peer ID or a full multiaddr. */
function target (value) {
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error('missing "peer"')
  }
  return value.startsWith('/') ? multiaddr(value) : peerIdFromString(value)
}

function positiveInt (value, name, fallback) {
  if (value == null && fallback != null) {
    return fallback
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`"${name}" must be a non-negative integer`)
  }
  return value
}

function connectionInfo (conn) {
  return {
    peerId: conn.remotePeer.toString(),
    remoteAddr: conn.remoteAddr.toString(),
    direction: conn.direction,
    connectionId: conn.id,
    encryption: conn.encryption ?? null,
    multiplexer: conn.multiplexer ?? null
  }
}

const opts = parseCli()
let node
try {
  node = await createPeer({ ...opts, onEvent: emit })
} catch (err) {
  emit({ event: 'fatal', message: err.message })
  log('start failed:', err.stack ?? err)
  process.exit(1)
}

node.addEventListener('connection:open', (evt) => emit({ event: 'connection:open', ...connectionInfo(evt.detail) }))
node.addEventListener('connection:close', (evt) => emit({ event: 'connection:close', ...connectionInfo(evt.detail) }))
node.addEventListener('peer:identify', (evt) => {
  const r = evt.detail
  emit({
    event: 'identify',
    peerId: r.peerId.toString(),
    protocols: r.protocols,
    agentVersion: r.agentVersion ?? null,
    protocolVersion: r.protocolVersion ?? null,
    listenAddrs: r.listenAddrs.map(ma => ma.toString()),
    observedAddr: r.observedAddr?.toString() ?? null
  })
})
if (node.services.pubsub != null) {
  const pubsub = node.services.pubsub
  pubsub.addEventListener('gossipsub:message', (evt) => {
    const { propagationSource, msgId, msg } = evt.detail
    emit({
      event: 'gossip:message',
      topic: msg.topic,
      from: msg.type === 'signed' ? msg.from.toString() : null,
      seqno: msg.type === 'signed' ? msg.sequenceNumber.toString() : null,
      data: Buffer.from(msg.data).toString('base64'),
      id: Buffer.from(kithMessageId(msg)).toString('hex'),
      msgIdStr: msgId,
      via: propagationSource.toString()
    })
  })
  pubsub.addEventListener('subscription-change', (evt) => {
    for (const s of evt.detail.subscriptions) {
      emit({ event: 'gossip:subscription', peerId: evt.detail.peerId.toString(), topic: s.topic, subscribe: s.subscribe })
    }
  })
}

function pubsubService () {
  if (node.services.pubsub == null) {
    throw new Error('gossipsub is off (start the peer with --gossip on)')
  }
  return node.services.pubsub
}

function topicOf (args) {
  if (typeof args.topic !== 'string' || args.topic.length === 0) {
    throw new Error('missing "topic"')
  }
  return args.topic
}

process.on('unhandledRejection', (err) => {
  emit({ event: 'error', where: 'unhandledRejection', message: String(err?.message ?? err) })
  log('unhandled rejection:', err?.stack ?? err)
})
process.on('uncaughtException', (err) => {
  emit({ event: 'error', where: 'uncaughtException', message: String(err?.message ?? err) })
  log('uncaught exception:', err?.stack ?? err)
})

const commands = {
  async dial (args, signal) {
    const conn = await node.dial(multiaddr(args.addr), { signal })
    return connectionInfo(conn)
  },
  async ping (args, signal) {
    const rtt = await node.services.ping.ping(target(args.peer), { signal })
    return { rtt }
  },
  async echo (args, signal) {
    return echoClient(node, target(args.peer), {
      bytes: positiveInt(args.bytes, 'bytes'),
      chunk: positiveInt(args.chunk, 'chunk', 65536) || 65536,
      seed: args.seed ?? 1,
      signal
    })
  },
  async echoParallel (args, signal) {
    const streams = positiveInt(args.streams, 'streams')
    const bytes = positiveInt(args.bytes, 'bytes')
    const chunk = positiveInt(args.chunk, 'chunk', 65536) || 65536
    const peer = target(args.peer)
    const t0 = performance.now()
    const results = await Promise.all(Array.from({ length: streams }, (_, i) =>
      echoClient(node, peer, { bytes, chunk, seed: `${args.seed ?? 1}/${i}`, signal })))
    return {
      ok: results.every(r => r.ok),
      streams,
      bytes: bytes * streams,
      failed: results.filter(r => !r.ok).length,
      ms: Math.round((performance.now() - t0) * 100) / 100
    }
  },
  async sink (args, signal) {
    return sinkClient(node, target(args.peer), {
      bytes: positiveInt(args.bytes, 'bytes'),
      chunk: positiveInt(args.chunk, 'chunk', 65536) || 65536,
      signal
    })
  },
  async source (args, signal) {
    return sourceClient(node, target(args.peer), { bytes: positiveInt(args.bytes, 'bytes'), signal })
  },
  async identify (args, signal) {
    const peer = target(args.peer)
    const existing = typeof args.peer === 'string' && !args.peer.startsWith('/')
      ? node.getConnections(peer).find(c => c.status === 'open')
      : undefined
    const conn = existing ?? await node.dial(peer, { signal })
    const r = await node.services.identify.identify(conn, { signal })
    return {
      peerId: r.peerId.toString(),
      protocols: r.protocols,
      agentVersion: r.agentVersion ?? null,
      protocolVersion: r.protocolVersion ?? null,
      listenAddrs: r.listenAddrs.map(ma => ma.toString())
    }
  },
  async hangup (args, signal) {
    await node.hangUp(target(args.peer), { signal })
    return { ok: true }
  },
  async subscribe (args) {
    pubsubService().subscribe(topicOf(args))
    return { ok: true }
  },
  async unsubscribe (args) {
    pubsubService().unsubscribe(topicOf(args))
    return { ok: true }
  },
  async publish (args) {
    if (typeof args.data !== 'string') {
      throw new Error('"data" must be base64 text')
    }
    const data = Uint8Array.from(Buffer.from(args.data, 'base64'))
    const result = await pubsubService().publish(topicOf(args), data)
    return {
      id: createHash('sha256').update(data).digest('hex'),
      recipients: result.recipients.map(p => p.toString())
    }
  },
  async topicPeers (args) {
    return { peers: pubsubService().getSubscribers(topicOf(args)).map(p => p.toString()) }
  },
  async meshPeers (args) {
    return { peers: pubsubService().getMeshPeers(topicOf(args)) }
  },
  async connections () {
    return { connections: node.getConnections().map(connectionInfo) }
  },
  async stop () {
    await shutdown()
    return { ok: true }
  }
}

let stopping = null
function shutdown () {
  stopping ??= Promise.race([
    node.stop(),
    new Promise(resolve => setTimeout(resolve, STOP_TIMEOUT_MS).unref())
  ]).catch(err => log('stop failed:', err.message))
  return stopping
}

async function exitAfterFlush (code) {
  await new Promise(resolve => process.stdout.write('', resolve))
  process.exit(code)
}

async function runCommand (line) {
  let msg
  try {
    msg = JSON.parse(line)
  } catch (err) {
    emit({ event: 'error', where: 'stdin', message: `not JSON: ${err.message}` })
    return
  }
  if (msg == null || typeof msg !== 'object' || (typeof msg.id !== 'number' && typeof msg.id !== 'string')) {
    emit({ event: 'error', where: 'stdin', message: 'a command needs an "id" (number or string)' })
    return
  }
  const handler = Object.hasOwn(commands, msg.cmd) ? commands[msg.cmd] : undefined
  if (handler == null) {
    emit({ reply: msg.id, error: `unknown command: ${msg.cmd}` })
    return
  }
  try {
    const signal = AbortSignal.timeout(positiveInt(msg.timeoutMs, 'timeoutMs', DEFAULT_COMMAND_TIMEOUT_MS))
    const result = await handler(msg, signal)
    emit({ reply: msg.id, ...result })
  } catch (err) {
    emit({ reply: msg.id, error: err.message ?? String(err), name: err.name ?? null })
  }
  if (msg.cmd === 'stop') {
    await exitAfterFlush(0)
  }
}

emit({ event: 'listening', peerId: node.peerId.toString(), addrs: loopbackAddrs(node) })
log('started', node.peerId.toString(), loopbackAddrs(node).join(' '))

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
rl.on('line', (line) => {
  if (line.trim().length > 0) {
    runCommand(line)
  }
})
// The driving process went away (stdin closed): stop cleanly.
rl.on('close', () => shutdown().then(() => exitAfterFlush(0)))
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => shutdown().then(() => exitAfterFlush(0)))
}
