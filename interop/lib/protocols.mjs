// Kith test protocols, server and client sides.
//   /kith/echo/1.0.0    echo every byte back until the remote closes its write side, then close.
//   /kith/sink/1.0.0    read until the remote closes its write side, then answer the byte count as a
//                       u64 big-endian and close. (Upload throughput.)
//   /kith/source/1.0.0  read a u64 big-endian count, send that many bytes, close. (Download.)
// Test data is deterministic: AES-128-CTR keystream, key = first 16 bytes of
// sha256("kith-interop:" + seed), IV = 0 — easy to reproduce from Java (AES/CTR/NoPadding).
import { createCipheriv, createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'

export const ECHO = '/kith/echo/1.0.0'
export const SINK = '/kith/sink/1.0.0'
export const SOURCE = '/kith/source/1.0.0'

const STREAM_LIMITS = { maxInboundStreams: 1024, maxOutboundStreams: 1024 }
const PATTERN_BYTES = 64 * 1024

export function seededBytes (seed, length) {
  const key = createHash('sha256').update(`kith-interop:${seed}`).digest().subarray(0, 16)
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16))
  const out = cipher.update(Buffer.alloc(length))
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
}

function u64be (n) {
  const buf = new Uint8Array(8)
  new DataView(buf.buffer).setBigUint64(0, BigInt(n))
  return buf
}

function chunksOf (data) {
  return data instanceof Uint8Array ? [data] : [...data]
}

/** Resolves when the remote has closed its write side and everything was delivered. */
function whenReadEnded (stream) {
  return new Promise((resolve, reject) => {
    if (stream.readableEnded) {
      resolve()
      return
    }
    // A remote reset also emits 'end' (just before 'close' with the error): not a clean end.
    stream.addEventListener('end', () => {
      if (stream.status !== 'reset' && stream.status !== 'aborted') {
        resolve()
      }
    }, { once: true })
    stream.addEventListener('close', (evt) => {
      if (evt.error != null) {
        reject(evt.error)
      } else {
        resolve()
      }
    }, { once: true })
  })
}

/** Sends `total` bytes taken cyclically from `pattern`, `chunk` bytes per send, honouring backpressure. */
async function sendRepeated (stream, pattern, total, chunk) {
  let sent = 0
  while (sent < total) {
    const n = Math.min(chunk, total - sent)
    const offset = sent % pattern.byteLength
    const piece = offset + n <= pattern.byteLength
      ? pattern.subarray(offset, offset + n)
      : Uint8Array.from({ length: n }, (_, i) => pattern[(offset + i) % pattern.byteLength])
    if (!stream.send(piece)) {
      await stream.onDrain()
    }
    sent += n
  }
}

function serveEcho (stream, connection, onEvent) {
  let bytes = 0
  stream.addEventListener('message', (evt) => {
    bytes += evt.data.byteLength
    // Stop reading while the write side is full; js then stops granting the remote window.
    if (!stream.send(evt.data) && stream.readStatus === 'readable') {
      stream.pause()
    }
  })
  stream.addEventListener('drain', () => {
    if (stream.readStatus === 'paused') {
      stream.resume()
    }
  })
  whenReadEnded(stream)
    .then(() => stream.close())
    .then(() => onEvent({ event: 'echo:served', peerId: connection.remotePeer.toString(), bytes }))
    .catch((err) => {
      stream.abort(err)
      onEvent({ event: 'error', where: ECHO, peerId: connection.remotePeer.toString(), message: err.message })
    })
}

function serveSink (stream, connection, onEvent) {
  let bytes = 0
  stream.addEventListener('message', (evt) => { bytes += evt.data.byteLength })
  whenReadEnded(stream)
    .then(() => {
      stream.send(u64be(bytes))
      return stream.close()
    })
    .then(() => onEvent({ event: 'sink:served', peerId: connection.remotePeer.toString(), bytes }))
    .catch((err) => {
      stream.abort(err)
      onEvent({ event: 'error', where: SINK, peerId: connection.remotePeer.toString(), message: err.message })
    })
}

function serveSource (stream, connection, onEvent) {
  const header = []
  let headerBytes = 0
  const onMessage = (evt) => {
    for (const buf of chunksOf(evt.data)) {
      header.push(buf)
      headerBytes += buf.byteLength
    }
  }
  stream.addEventListener('message', onMessage)
  whenReadEnded(stream)
    .then(async () => {
      stream.removeEventListener('message', onMessage)
      if (headerBytes !== 8) {
        throw new Error(`expected an 8-byte count, got ${headerBytes} bytes`)
      }
      const all = new Uint8Array(8)
      let off = 0
      for (const buf of header) {
        all.set(buf, off)
        off += buf.byteLength
      }
      const total = Number(new DataView(all.buffer).getBigUint64(0))
      await sendRepeated(stream, seededBytes('source', PATTERN_BYTES), total, PATTERN_BYTES)
      await stream.close()
      onEvent({ event: 'source:served', peerId: connection.remotePeer.toString(), bytes: total })
    })
    .catch((err) => {
      stream.abort(err)
      onEvent({ event: 'error', where: SOURCE, peerId: connection.remotePeer.toString(), message: err.message })
    })
}

export async function registerTestProtocols (node, onEvent) {
  await node.handle(ECHO, (stream, connection) => serveEcho(stream, connection, onEvent), STREAM_LIMITS)
  await node.handle(SINK, (stream, connection) => serveSink(stream, connection, onEvent), STREAM_LIMITS)
  await node.handle(SOURCE, (stream, connection) => serveSource(stream, connection, onEvent), STREAM_LIMITS)
}

/**
 * Opens /kith/echo/1.0.0, sends `bytes` seeded bytes in `chunk`-byte writes, closes the write side,
 * reads everything back and compares.
 */
export async function echoClient (node, target, { bytes, chunk = 65536, seed = 1, signal }) {
  const data = seededBytes(seed, bytes)
  const received = new Uint8Array(bytes)
  let got = 0
  let overflow = false
  const t0 = performance.now()
  const stream = await node.dialProtocol(target, ECHO, { signal })
  const opened = performance.now()
  stream.addEventListener('message', (evt) => {
    for (const buf of chunksOf(evt.data)) {
      if (got + buf.byteLength > bytes) {
        overflow = true
        return
      }
      received.set(buf, got)
      got += buf.byteLength
    }
  })
  const ended = whenReadEnded(stream)
  for (let off = 0; off < bytes; off += chunk) {
    if (!stream.send(data.subarray(off, Math.min(bytes, off + chunk)))) {
      await stream.onDrain({ signal })
    }
  }
  await stream.close({ signal })
  await ended
  const ms = performance.now() - opened
  const ok = !overflow && got === bytes && Buffer.compare(received, data) === 0
  return { ok, bytes, received: got, ms: round(ms), openMs: round(opened - t0) }
}

/** Uploads `bytes` to /kith/sink/1.0.0 and waits for the remote's count. */
export async function sinkClient (node, target, { bytes, chunk = 65536, signal }) {
  const pattern = seededBytes('sink', PATTERN_BYTES)
  const stream = await node.dialProtocol(target, SINK, { signal })
  const reply = []
  stream.addEventListener('message', (evt) => reply.push(...chunksOf(evt.data)))
  const ended = whenReadEnded(stream)
  const t0 = performance.now()
  await sendRepeated(stream, pattern, bytes, chunk)
  await stream.close({ signal })
  await ended
  const ms = performance.now() - t0
  const answer = Buffer.concat(reply)
  const counted = answer.byteLength === 8 ? Number(answer.readBigUInt64BE(0)) : -1
  return { ok: counted === bytes, bytes, counted, ms: round(ms), mbps: round(bytes / 1e6 / (ms / 1000)) }
}

/** Downloads `bytes` from /kith/source/1.0.0. */
export async function sourceClient (node, target, { bytes, signal }) {
  const stream = await node.dialProtocol(target, SOURCE, { signal })
  let got = 0
  stream.addEventListener('message', (evt) => { got += evt.data.byteLength })
  const ended = whenReadEnded(stream)
  const t0 = performance.now()
  stream.send(u64be(bytes))
  await stream.close({ signal })
  await ended
  const ms = performance.now() - t0
  return { ok: got === bytes, bytes, received: got, ms: round(ms), mbps: round(bytes / 1e6 / (ms / 1000)) }
}

function round (x) {
  return Math.round(x * 100) / 100
}
