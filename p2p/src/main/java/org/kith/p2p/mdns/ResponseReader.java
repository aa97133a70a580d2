package org.kith.p2p.mdns;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kith.p2p.multiaddr.InvalidMultiaddrException;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a decoded response into the peer it announces, or nothing.
 *
 * <p>Rules (spec "Response"; checklist §12 item 13): the response must hold a PTR
 * {@code <service> → <instance>} (in the answer or additional section); the {@code dnsaddr=}
 * strings of the TXT records owned by such an instance are read, from either section. Each must
 * be a multiaddr in canonical-or-accepted text that ends in {@code /p2p/<id>}; strings that do
 * not parse or carry no peer ID are skipped (js peers may advertise transports we do not know),
 * but if two addresses name different peers the whole response is ignored — one response, one
 * peer. Our own peer ID is ignored. Only ip4/ip6 + tcp addresses are reported, because only those
 * can be dialed; a response with none reports nothing. SRV and A/AAAA records are not needed.
 */
final class ResponseReader {

    /** dnsaddr strings considered per response; more and the response is ignored. */
    static final int MAX_ADDRESSES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(ResponseReader.class);
    private static final byte[] PREFIX = MdnsMessages.TXT_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private ResponseReader() {
    }

    static Optional<DiscoveredPeer> read(MdnsMessage message, String serviceName, PeerId self) {
        if (!message.response()) {
            return Optional.empty();
        }
        Set<String> instances = new HashSet<>();
        for (MdnsMessage.Ptr ptr : message.ptrs()) {
            if (ptr.owner().equals(serviceName) && ptr.target().endsWith("." + serviceName)) {
                instances.add(ptr.target());
            }
        }
        if (instances.isEmpty()) {
            return Optional.empty();
        }
        List<byte[]> strings = new ArrayList<>();
        for (MdnsMessage.Txt txt : message.txts()) {
            if (instances.contains(txt.owner())) {
                for (byte[] s : txt.strings()) {
                    if (startsWithPrefix(s)) {
                        strings.add(s);
                    }
                }
            }
        }
        if (strings.size() > MAX_ADDRESSES) {
            LOG.debug("ignoring mDNS response with {} addresses (over {})", strings.size(), MAX_ADDRESSES);
            return Optional.empty();
        }
        PeerId peer = null;
        List<Multiaddr> dialable = new ArrayList<>();
        for (byte[] s : strings) {
            Multiaddr addr = parse(s);
            if (addr == null) {
                continue;
            }
            PeerId named = addr.peerId().orElse(null);
            if (named == null) {
                LOG.debug("skipping mDNS address without /p2p/: {}", addr);
                continue;
            }
            if (peer == null) {
                peer = named;
            } else if (!peer.equals(named)) {
                LOG.debug("ignoring mDNS response naming two peers: {} and {}", peer, named);
                return Optional.empty();
            }
            if (addr.toInetSocketAddress().isPresent() && !dialable.contains(addr)) {
                dialable.add(addr);
            }
        }
        if (peer == null || peer.equals(self) || dialable.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DiscoveredPeer(peer, dialable));
    }

    private static boolean startsWithPrefix(byte[] s) {
        if (s.length < PREFIX.length) {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            // RFC 6763 §6.4: keys are case-insensitive ASCII.
            if (Character.toLowerCase((char) (s[i] & 0xFF)) != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static Multiaddr parse(byte[] s) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(s, PREFIX.length, s.length - PREFIX.length))
                    .toString();
        } catch (CharacterCodingException e) {
            LOG.debug("skipping mDNS address that is not UTF-8");
            return null;
        }
        try {
            return Multiaddr.parse(text);
        } catch (InvalidMultiaddrException e) {
            LOG.debug("skipping mDNS address {}: {}", text, e.getMessage());
            return null;
        }
    }
}
