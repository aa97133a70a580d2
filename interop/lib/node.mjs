// Builds the js-libp2p node used by peer.mjs and bench.mjs: TCP + (optional pnet) + Noise + Yamux,
// identify, ping and the Kith test protocols. Loopback only: the gater refuses every other address.
import './polyfill.mjs'
import { readFile } from 'node:fs/promises'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { createHash } from 'node:crypto'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { preSharedKey } from '@libp2p/pnet'
import { tcp } from '@libp2p/tcp'
import { createLibp2p } from 'libp2p'
import { registerTestProtocols } from './protocols.mjs'

/** Inbound connections per second per remote host (js-libp2p's own default is 5). */
export const DEFAULT_INBOUND_RATE = 1000

/** True for /ip4/127.x.x.x/… and /ip6/::1/… — the only addresses this harness may use. */
export function isLoopback (ma) {
  const first = ma.getComponents()[0]
  if (first == null) {
    return false
  }
  if (first.name === 'ip4') {
    return first.value.startsWith('127.')
  }
  if (first.name === 'ip6') {
    return first.value === '::1' || first.value === '0:0:0:0:0:0:0:1'
  }
  return false
}

/**
 * Wraps a connection encrypter so it neither offers nor accepts the Noise early muxer choice
 * (the NoiseExtensions stream_muxers list). js decides the inlined muxer from the *remote's*
 * list alone, so sending an empty list is not enough: skipStreamMuxerNegotiation makes this
 * side send none and always fall back to multistream-select for the muxer.
 */
function withoutEarlyMuxer (encrypterFactory) {
  return (components) => {
    const inner = encrypterFactory(components)
    return {
      protocol: inner.protocol,
      [Symbol.toStringTag]: `${inner[Symbol.toStringTag] ?? 'encrypter'} (no early muxer)`,
      secureInbound: (connection, options) => inner.secureInbound(connection, { ...options, skipStreamMuxerNegotiation: true }),
      secureOutbound: (connection, options) => inner.secureOutbound(connection, { ...options, skipStreamMuxerNegotiation: true })
    }
  }
}

/**
 * @param {object} opts
 * @param {string[]} [opts.listen] multiaddrs to listen on (loopback only)
 * @param {string} [opts.swarmKeyFile] swarm.key path: enables pnet
 * @param {Uint8Array} [opts.seed] 32-byte Ed25519 seed for a deterministic identity
 * @param {boolean} [opts.muxerEarly] offer/accept the Noise early muxer choice (default true)
 * @param {boolean} [opts.monitor] js's connection monitor (pings every connection every 10 s)
 * @param {string} [opts.userAgent] identify agentVersion
 * @param {number} [opts.inboundRate] inbound connections accepted per second per remote host;
 *   js's default is 5, which test churn from 127.0.0.1 exceeds, so the harness defaults to 1000
 * @param {boolean} [opts.gossip] run gossipsub (StrictSign, message id = sha256(data), as Kith does)
 * @param {(event: object) => void} [opts.onEvent] receives protocol-level events (echo served, …)
 */
export async function createPeer (opts = {}) {
  const privateKey = opts.seed != null
    ? await generateKeyPairFromSeed('Ed25519', opts.seed)
    : await generateKeyPair('Ed25519')

  const encrypter = opts.muxerEarly === false ? withoutEarlyMuxer(noise()) : noise()

  const init = {
    privateKey,
    addresses: {
      listen: opts.listen ?? [],
      announceFilter: (addrs) => addrs.filter(isLoopback)
    },
    transports: [tcp()],
    connectionEncrypters: [encrypter],
    streamMuxers: [yamux()],
    connectionGater: {
      denyDialMultiaddr: (ma) => !isLoopback(ma),
      denyInboundConnection: (maConn) => !isLoopback(maConn.remoteAddr)
    },
    connectionManager: {
      reconnectRetries: 0,
      inboundConnectionThreshold: opts.inboundRate ?? DEFAULT_INBOUND_RATE
    },
    connectionMonitor: {
      enabled: opts.monitor !== false
    },
    peerDiscovery: [],
    services: {
      identify: identify(),
      ping: ping()
    }
  }
  if (opts.gossip === true) {
    init.services.pubsub = gossipsub({
      // Kith's message id on every node: sha256(data). js's default (key ‖ seqno) differs from go's.
      msgIdFn: kithMessageId,
      globalSignaturePolicy: 'StrictSign',
      emitSelf: false,
      fallbackToFloodsub: true
    })
  }
  if (opts.userAgent != null) {
    init.nodeInfo = { userAgent: opts.userAgent }
  }
  if (opts.swarmKeyFile != null) {
    init.connectionProtector = preSharedKey({ psk: await readFile(opts.swarmKeyFile) })
  }

  const node = await createLibp2p(init)
  await registerTestProtocols(node, opts.onEvent ?? (() => {}))
  return node
}

/** Loopback listen addresses of a started node, each ending in /p2p/<id>. */
export function loopbackAddrs (node) {
  return node.getMultiaddrs().filter(isLoopback).map(ma => ma.toString())
}

/** Kith's gossipsub message id: sha256 of the message data. */
export function kithMessageId (msg) {
  return new Uint8Array(createHash('sha256').update(msg.data).digest())
}
