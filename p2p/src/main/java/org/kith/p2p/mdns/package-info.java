/**
 * libp2p mDNS peer discovery (libp2p specs {@code discovery/mdns.md}; checklist §10): a node
 * multicasts {@code _p2p._udp.local PTR} questions on the local link and answers them with its
 * {@code dnsaddr=} multiaddrs, so peers on one LAN find each other with no configuration.
 *
 * <p>{@link org.kith.p2p.mdns.MdnsDiscovery} is the one binding (sockets, timers),
 * {@link org.kith.p2p.mdns.MdnsConfig} its settings, {@link org.kith.p2p.mdns.DiscoveredPeer}
 * what it reports and {@link org.kith.p2p.mdns.DiscoveryDialer} an optional listener that
 * connects the host to what was found. Encoding and decoding are pure functions
 * ({@code MdnsMessages}, {@code ResponseReader}) on Netty's DNS record codec. mDNS is off
 * unless a node creates and starts an {@code MdnsDiscovery}.
 */
package org.kith.p2p.mdns;
