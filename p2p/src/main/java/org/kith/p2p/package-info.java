/**
 * Kith's libp2p-compatible network stack on Netty. The public surface is small and
 * libp2p-shaped; implementation classes are package-private in feature packages
 * ({@code p2p.multiaddr}, {@code p2p.multistream}, {@code p2p.pnet}, {@code p2p.noise},
 * {@code p2p.yamux}, …). This module moves bytes between peers and knows nothing of Kith records.
 */
package org.kith.p2p;
