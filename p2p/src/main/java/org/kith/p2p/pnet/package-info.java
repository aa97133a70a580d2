/**
 * libp2p private networks (pnet, PSK v1): the {@link org.kith.p2p.pnet.SwarmKey} file format and the
 * {@link org.kith.p2p.pnet.PnetHandler} that XORs a raw TCP connection with XSalsa20 before
 * multistream-select and Noise run over it.
 *
 * <p>pnet only keeps outsiders out: it has no MAC and no handshake, so a peer with a different key
 * is noticed one layer up, when the first multistream-select message arrives as garbage. Spec:
 * {@code libp2p/specs pnet/Private-Networks-PSK-V1.md}; wire details in the project's libp2p
 * checklist §4.
 */
package org.kith.p2p.pnet;
