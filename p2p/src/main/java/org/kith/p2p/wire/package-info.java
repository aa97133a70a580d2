/**
 * Wire-level building blocks shared by the p2p protocols: multiformats varints on Netty buffers,
 * the {@code uvarint(length) ‖ payload} framing used by identify, pubsub and friends, and
 * {@link org.kith.p2p.wire.ProtocolException} for "the peer sent something invalid".
 */
package org.kith.p2p.wire;
