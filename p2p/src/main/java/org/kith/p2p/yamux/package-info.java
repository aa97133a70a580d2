/**
 * Yamux ({@code /yamux/1.0.0}), the libp2p stream multiplexer, on Netty: {@link org.kith.p2p.yamux.Yamux}
 * builds a {@link org.kith.p2p.yamux.YamuxSession} handler for a secured connection, whose streams are
 * Netty child channels ({@link org.kith.p2p.yamux.YamuxStream}). Frame record, codec, flow-control and
 * keepalive classes are package-private.
 */
package org.kith.p2p.yamux;
