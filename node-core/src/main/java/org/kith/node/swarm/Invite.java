package org.kith.node.swarm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.SwarmId;

/**
 * An invitation into a private swarm: its name, its pre-shared key, a few addresses of members
 * to dial first, and an expiry, signed by the inviter. One copy-pasteable string:
 *
 * <pre>kith-invite:v1:BASE64URL(payload).BASE64URL(signature)</pre>
 *
 * <p>The payload is UTF-8 JSON with exactly the fields {@code v, name, swarm, key, bootstrap,
 * inviter, issued, expires} (times in epoch seconds, key in hex); the signature is Ed25519 by
 * the inviter's key (the one inlined in the {@code inviter} peer ID) over
 * {@code "kith-invite:v1\n" ‖ payload}. Whitespace anywhere in the string is ignored, so an
 * invite wrapped by a mail client still pastes. Anyone holding the string can join: it carries
 * the key. Treat it like one.
 */
public record Invite(String name, SwarmKey key, List<Multiaddr> bootstrap, PeerId inviter, Instant issued,
        Instant expires) {

    public static final String PREFIX = "kith-invite:v1:";
    /** Longest invite string accepted (characters, whitespace removed). */
    public static final int MAX_CHARS = 4096;
    public static final int MAX_BOOTSTRAP = 8;
    /** Longest validity an invite may claim. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(366);
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

    private static final byte[] DOMAIN = "kith-invite:v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> FIELDS = Set.of("v", "name", "swarm", "key", "bootstrap", "inviter", "issued",
            "expires");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public Invite {
        bootstrap = List.copyOf(bootstrap);
    }

    /** The ID of the swarm this invite is for. */
    public String swarmId() {
        return SwarmId.fromKey(key.keyBytes());
    }

    /** Signs and encodes the invite; {@code inviterKey} must be the inviter's. */
    public String encode(Ed25519KeyPair inviterKey) {
        if (!inviterKey.peerId().equals(inviter)) {
            throw new IllegalArgumentException("the invite must be signed by its inviter");
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("v", 1);
        o.put("name", name);
        o.put("swarm", swarmId());
        o.put("key", HexFormat.of().formatHex(key.keyBytes()));
        ArrayNode addrs = o.putArray("bootstrap");
        bootstrap.forEach(a -> addrs.add(a.toString()));
        o.put("inviter", inviter.toBase58());
        o.put("issued", issued.getEpochSecond());
        o.put("expires", expires.getEpochSecond());
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        byte[] signature = inviterKey.sign(signed(payload));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String out = PREFIX + b64.encodeToString(payload) + "." + b64.encodeToString(signature);
        if (out.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the invite would be " + out.length() + " characters (at most "
                    + MAX_CHARS + "); give fewer or shorter bootstrap addresses");
        }
        return out;
    }

    /**
     * Decodes and verifies an invite string (signature and consistency, not expiry: see
     * {@link #requireValidAt}).
     *
     * @throws InvalidInviteException with a message naming what is wrong
     */
    public static Invite decode(String text) throws InvalidInviteException {
        if (text == null) {
            throw new InvalidInviteException("no invite given");
        }
        if (text.length() > 4 * MAX_CHARS) {
            throw new InvalidInviteException("this is not a Kith invite (far too long)");
        }
        String s = text.replaceAll("\\s+", "");
        if (!s.startsWith(PREFIX)) {
            throw new InvalidInviteException("this is not a Kith invite (it should start with " + PREFIX + ")");
        }
        if (s.length() > MAX_CHARS) {
            throw new InvalidInviteException("the invite is too long (" + s.length() + " characters, at most "
                    + MAX_CHARS + ")");
        }
        String body = s.substring(PREFIX.length());
        int dot = body.indexOf('.');
        if (dot < 0 || body.indexOf('.', dot + 1) >= 0) {
            throw new InvalidInviteException("the invite is damaged (expected two parts separated by one '.')");
        }
        byte[] payload = base64(body.substring(0, dot), "payload");
        byte[] signature = base64(body.substring(dot + 1), "signature");
        if (signature.length != Ed25519PublicKey.SIGNATURE_BYTES) {
            throw new InvalidInviteException("the invite is damaged (its signature has " + signature.length
                    + " bytes, not 64)");
        }
        JsonNode o = parseJson(payload);
        Set<String> names = new TreeSet<>();
        o.fieldNames().forEachRemaining(names::add);
        if (!names.equals(new TreeSet<>(FIELDS))) {
            throw new InvalidInviteException("the invite is damaged (fields " + names + ", expected "
                    + new TreeSet<>(FIELDS) + ")");
        }
        if (!o.get("v").isInt() || o.get("v").intValue() != 1) {
            throw new InvalidInviteException("this invite is of an unknown version; upgrade Kith");
        }
        PeerId inviter;
        try {
            inviter = PeerId.parse(text(o, "inviter"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInviteException("the invite is damaged (inviter: " + e.getMessage() + ")", e);
        }
        Ed25519PublicKey inviterKey = inviter.ed25519Key().orElseThrow(() -> new InvalidInviteException(
                "the invite's inviter is not an Ed25519 identity"));
        byte[] signed = signed(payload);
        if (!inviterKey.verify(signed, signature)) {
            throw new InvalidInviteException("the invite's signature does not verify: it was altered or not signed"
                    + " by " + inviter.toBase58());
        }
        // Signed by the inviter: from here on a problem is the inviter's software, not tampering.
        String name = text(o, "name");
        String nameProblem = SwarmNames.problem(name);
        if (nameProblem != null) {
            throw new InvalidInviteException("the invite's swarm name is invalid: " + nameProblem);
        }
        String keyHex = text(o, "key");
        if (!keyHex.matches("[0-9a-f]{64}")) {
            throw new InvalidInviteException("the invite's key is not 64 lower-case hex digits");
        }
        SwarmKey key = SwarmKey.of(HexFormat.of().parseHex(keyHex));
        if (!SwarmId.fromKey(key.keyBytes()).equals(text(o, "swarm"))) {
            throw new InvalidInviteException("the invite's swarm ID does not match its key");
        }
        List<Multiaddr> bootstrap = bootstrap(o.get("bootstrap"));
        Instant issued = seconds(o, "issued");
        Instant expires = seconds(o, "expires");
        if (!expires.isAfter(issued) || Duration.between(issued, expires).compareTo(MAX_VALIDITY) > 0) {
            throw new InvalidInviteException("the invite's validity is impossible (issued " + issued + ", expires "
                    + expires + ")");
        }
        return new Invite(name, key, bootstrap, inviter, issued, expires);
    }

    /** @throws InvalidInviteException if the invite has expired at {@code now} */
    public void requireValidAt(Instant now) throws InvalidInviteException {
        if (!now.isBefore(expires)) {
            throw new InvalidInviteException("this invite expired at " + expires + "; ask " + inviter.toBase58()
                    + " for a new one");
        }
    }

    private static byte[] signed(byte[] payload) {
        byte[] out = new byte[DOMAIN.length + payload.length];
        System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
        System.arraycopy(payload, 0, out, DOMAIN.length, payload.length);
        return out;
    }

    private static byte[] base64(String part, String what) throws InvalidInviteException {
        if (part.isEmpty() || !part.matches("[A-Za-z0-9_-]+")) {
            throw new InvalidInviteException("the invite is damaged (its " + what + " is not base64url)");
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidInviteException("the invite is damaged (its " + what + " is not base64url)", e);
        }
    }

    private static JsonNode parseJson(byte[] payload) throws InvalidInviteException {
        try (JsonParser p = JSON.createParser(payload)) {
            JsonNode node = JSON.readTree(p);
            if (node == null || !node.isObject()) {
                throw new InvalidInviteException("the invite is damaged (its payload is not a JSON object)");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidInviteException("the invite is damaged (its payload is not valid JSON)", e);
        }
    }

    private static String text(JsonNode o, String field) throws InvalidInviteException {
        JsonNode n = o.get(field);
        if (!n.isTextual()) {
            throw new InvalidInviteException("the invite is damaged (" + field + " is not a string)");
        }
        return n.textValue();
    }

    private static Instant seconds(JsonNode o, String field) throws InvalidInviteException {
        JsonNode n = o.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0 || n.longValue() > 253402300799L) {
            throw new InvalidInviteException("the invite is damaged (" + field + " is not a time)");
        }
        return Instant.ofEpochSecond(n.longValue());
    }

    private static List<Multiaddr> bootstrap(JsonNode n) throws InvalidInviteException {
        if (!n.isArray() || n.size() > MAX_BOOTSTRAP) {
            throw new InvalidInviteException("the invite's bootstrap is not a list of at most " + MAX_BOOTSTRAP
                    + " addresses");
        }
        List<Multiaddr> out = new ArrayList<>();
        for (Iterator<JsonNode> it = n.elements(); it.hasNext();) {
            JsonNode a = it.next();
            if (!a.isTextual()) {
                throw new InvalidInviteException("the invite's bootstrap holds a non-string");
            }
            Multiaddr m;
            try {
                m = Multiaddr.parse(a.textValue());
            } catch (IllegalArgumentException e) {
                throw new InvalidInviteException("the invite's bootstrap address " + a.textValue() + " is invalid: "
                        + e.getMessage(), e);
            }
            if (m.peerId().isEmpty() || m.toInetSocketAddress().isEmpty()) {
                throw new InvalidInviteException("the invite's bootstrap address " + m
                        + " is not an ip4/ip6 TCP address ending in /p2p/ID");
            }
            out.add(m);
        }
        return out;
    }
}
