/**
 * Multiaddrs: {@link org.kith.p2p.multiaddr.Multiaddr} and its parts. Strict, lookup-free
 * parsing of the text and binary forms of the protocols Kith uses.
 */
package org.kith.p2p.multiaddr;
