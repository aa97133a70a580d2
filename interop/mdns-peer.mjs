#!/usr/bin/env node
// A js-libp2p peer with @libp2p/mdns, for Kith's mDNS interop test (MdnsNamespaceIT).
//
// mDNS multicasts on every interface, so this script runs ONLY where loopback is the sole
// interface (a private network namespace, `unshare -n`); it refuses to start anywhere else, and
// refuses non-loopback listen addresses. Events go to stdout, one per line, space-separated:
//   listening <peerId> <addr>...
//   discovered <peerId> <addr>...
//   connected <peerId> <remoteAddr>
//   dial-failed <peerId> <message>
// It stops when stdin closes or on SIGTERM. Logs go to stderr.
import './lib/polyfill.mjs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { mdns } from '@libp2p/mdns'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { isLoopback } from './lib/node.mjs'

function log (...args) {
  process.stderr.write(`[mdns-peer ${new Date().toISOString()}] ${args.join(' ')}\n`)
}

function fail (message) {
  log(message)
  process.exit(2)
}

const { values } = parseArgs({
  options: {
    listen: { type: 'string', multiple: true, default: ['/ip4/127.0.0.1/tcp/0'] },
    dial: { type: 'string', default: 'off' },
    interval: { type: 'string', default: '10000' },
    'service-tag': { type: 'string', default: '_p2p._udp.local' }
  },
  strict: true,
  allowPositionals: false
})

const outside = Object.entries(os.networkInterfaces())
  .flatMap(([name, addrs]) => addrs.filter(a => !a.internal).map(a => `${name} ${a.address}`))
if (outside.length > 0) {
  fail(`refusing to run mDNS with non-loopback interfaces present (${outside.join(', ')}); run inside unshare -n`)
}
const listen = values.listen.map(text => {
  const ma = multiaddr(text)
  if (!isLoopback(ma)) {
    fail(`refusing non-loopback listen address ${text}`)
  }
  return text
})
const interval = Number.parseInt(values.interval, 10)
if (!(interval >= 100)) {
  fail(`--interval must be at least 100 ms, not ${values.interval}`)
}

const node = await createLibp2p({
  addresses: { listen, announceFilter: (addrs) => addrs.filter(isLoopback) },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionGater: {
    denyDialMultiaddr: (ma) => !isLoopback(ma),
    denyInboundConnection: (maConn) => !isLoopback(maConn.remoteAddr)
  },
  peerDiscovery: [mdns({ interval, serviceTag: values['service-tag'] })],
  services: { identify: identify(), ping: ping() }
})

function emit (...words) {
  process.stdout.write(words.join(' ') + '\n')
}

node.addEventListener('peer:discovery', (evt) => {
  const { id, multiaddrs } = evt.detail
  emit('discovered', id.toString(), ...multiaddrs.map(ma => ma.toString()))
  if (values.dial === 'on') {
    node.dial(id).catch(err => emit('dial-failed', id.toString(), JSON.stringify(err.message)))
  }
})
node.addEventListener('connection:open', (evt) => {
  emit('connected', evt.detail.remotePeer.toString(), evt.detail.remoteAddr.toString())
})

await node.start()
emit('listening', node.peerId.toString(), ...node.getMultiaddrs().map(ma => ma.toString()))

let stopping = false
async function stop () {
  if (stopping) {
    return
  }
  stopping = true
  await node.stop()
  process.exit(0)
}
process.stdin.on('end', stop)
process.stdin.on('error', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
