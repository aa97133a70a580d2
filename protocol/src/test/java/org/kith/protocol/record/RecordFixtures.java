package org.kith.protocol.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.UnsignedVarint;

/**
 * Shared, deterministic material for the record validation tests: fixed keys, a fixed clock,
 * valid payloads of every type as mutable JSON trees, and assertions on the exact
 * {@link RejectReason}.
 */
final class RecordFixtures {

    /** The test's "now": every clock in these tests is fixed here. */
    static final Instant NOW_INSTANT = Instant.parse("2026-03-01T12:00:00Z");
    static final long NOW = NOW_INSTANT.toEpochMilli();
    static final Clock CLOCK = Clock.fixed(NOW_INSTANT, ZoneOffset.UTC);
    /** The ts of fixture records: one minute before now. */
    static final long TS = NOW - 60_000L;

    static final Ed25519KeyPair ALICE = key(1);
    static final Ed25519KeyPair BOB = key(2);
    static final Ed25519KeyPair CAROL = key(3);

    /** Stand-ins for ids of earlier records (any 32-byte digest is a well-formed id). */
    static final RecordId PROPOSAL_ID = RecordId.ofPayload(bytes("proposal"));
    static final RecordId COMMITMENT_ID = RecordId.ofPayload(bytes("commitment"));
    static final RecordId PREV_ID = RecordId.ofPayload(bytes("prev"));

    /** The 8-byte PNG signature, followed by nothing: passes the avatar magic check. */
    static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    /** A lenient writer for building (hostile) payloads; writes non-ASCII as raw UTF-8. */
    static final ObjectMapper PLAIN = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** An astral character: one code point, two UTF-16 units, four UTF-8 bytes. */
    static final String EMOJI = "\uD83C\uDF31";

    private RecordFixtures() {
    }

    static Ed25519KeyPair key(int n) {
        byte[] seed = new byte[Ed25519KeyPair.SEED_BYTES];
        Arrays.fill(seed, (byte) n);
        return Ed25519KeyPair.fromSeed(seed);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String peer(Ed25519KeyPair key) {
        return key.peerId().toBase58();
    }

    static RecordVerifier verifier() {
        return new RecordVerifier(CLOCK);
    }

    static RecordSigner signer(Ed25519KeyPair key) {
        return new RecordSigner(key, CLOCK);
    }

    // ---------------------------------------------------------------- payload trees

    /** A seq-1 header around {@code body}, authored by {@code author}. */
    static ObjectNode payload(String type, Ed25519KeyPair author, ObjectNode body) {
        ObjectNode n = NODES.objectNode();
        n.put("v", 1);
        n.put("type", type);
        n.put("author", peer(author));
        n.put("swarm", "public");
        n.put("seq", 1);
        n.put("ts", TS);
        n.set("body", body);
        return n;
    }

    static ObjectNode payload(String type, ObjectNode body) {
        return payload(type, ALICE, body);
    }

    static ObjectNode obj(Object... kv) {
        ObjectNode n = NODES.objectNode();
        for (int i = 0; i < kv.length; i += 2) {
            n.set((String) kv[i], node(kv[i + 1]));
        }
        return n;
    }

    static ArrayNode arr(Object... items) {
        ArrayNode a = NODES.arrayNode();
        for (Object item : items) {
            a.add(node(item));
        }
        return a;
    }

    static JsonNode node(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof JsonNode j) {
            return j;
        }
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        return NODES.textNode(v.toString());
    }

    static ObjectNode profileBody() {
        return obj("name", "Alice Liddell",
                "bio", "Gardener.\nBuilds raised beds.\tAsk me.",
                "skills", arr("gardening", "carpentry"),
                "offers", arr("seedlings"),
                "needs", arr("a van on Saturdays"),
                "values", arr("mutual aid"),
                "links", arr("https://example.org/alice", "http://alice.example"),
                "location", "Leeds",
                "avatar", Base64.getEncoder().encodeToString(PNG_MAGIC));
    }

    static ObjectNode proposalBody() {
        return obj("kind", "project",
                "title", "Community garden",
                "summary", "Turn the empty lot into a garden.",
                "details", "Phase 1: clear the lot.\nPhase 2: beds.",
                "roles", arr(obj("name", "builder", "skills", arr("carpentry"), "effort", "2 days")),
                "when", obj("start", "2026-04-01", "end", "2026-06-30", "place", "Lot 7, Mill Road"),
                "tags", arr("garden", "food"),
                "status", "open");
    }

    static ObjectNode gatheringBody() {
        return obj("kind", "gathering",
                "title", "Planting day",
                "summary", "Bring gloves.",
                "when", obj("start", "2026-04-04T10:00:00+01:00", "end", "2026-04-04T16:00:00+01:00",
                        "place", "Lot 7"),
                "status", "forming");
    }

    static ObjectNode proposalUpdateBody() {
        ObjectNode b = proposalBody();
        b.put("status", "active");
        b.put("of", PROPOSAL_ID.toString());
        return b;
    }

    static ObjectNode commitmentBody() {
        return obj("proposal", PROPOSAL_ID.toString(), "role", "builder", "what", "Build three beds",
                "due", "2026-04-15", "effort", "2 days");
    }

    static ObjectNode commitmentUpdateBody(String status) {
        ObjectNode b = obj("commitment", COMMITMENT_ID.toString(), "status", status, "note", "See photos.");
        if (status.equals("renegotiated")) {
            b.put("due", "2026-05-01");
        }
        return b;
    }

    static ObjectNode attestationBody() {
        return obj("commitment", COMMITMENT_ID.toString(), "committer", peer(BOB), "outcome", "kept",
                "note", "Beds are great.");
    }

    static ObjectNode vouchBody() {
        return obj("subject", peer(BOB), "level", "high", "domain", "carpentry", "note", "Known for years.");
    }

    static ObjectNode commentBody() {
        return obj("target", PROPOSAL_ID.toString(), "text", "Count me in!\nI have tools.");
    }

    static ObjectNode retractionBody() {
        return obj("target", PREV_ID.toString(), "reason", "Posted twice.");
    }

    static ObjectNode opaqueBody() {
        return obj("question", "Which day?", "options", arr("sat", "sun"), "meta", obj("n", 3, "ok", true));
    }

    /** One valid, fully populated payload per interesting shape, by label. */
    static Map<String, Supplier<ObjectNode>> validPayloads() {
        Map<String, Supplier<ObjectNode>> m = new LinkedHashMap<>();
        m.put("profile", () -> payload("profile", profileBody()));
        m.put("profile-minimal", () -> payload("profile", obj("name", "Al")));
        m.put("proposal", () -> payload("proposal", proposalBody()));
        m.put("proposal-minimal", () -> payload("proposal",
                obj("kind", "project", "title", "T", "summary", "S", "status", "open")));
        m.put("gathering", () -> payload("proposal", gatheringBody()));
        m.put("proposal-update", () -> payload("proposal", proposalUpdateBody()));
        m.put("commitment", () -> payload("commitment", commitmentBody()));
        m.put("commitment-update-delivered", () -> payload("commitment-update", commitmentUpdateBody("delivered")));
        m.put("commitment-update-withdrawn", () -> payload("commitment-update", commitmentUpdateBody("withdrawn")));
        m.put("commitment-update-renegotiated",
                () -> payload("commitment-update", commitmentUpdateBody("renegotiated")));
        m.put("attestation", () -> payload("attestation", attestationBody()));
        m.put("vouch", () -> payload("vouch", vouchBody()));
        m.put("comment", () -> payload("comment", commentBody()));
        m.put("retraction", () -> payload("retraction", retractionBody()));
        m.put("opaque", () -> payload("poll", opaqueBody()));
        return m;
    }

    /** The known body builders by wire type name (for per-type tests). */
    static Map<String, Supplier<ObjectNode>> knownBodies() {
        Map<String, Supplier<ObjectNode>> m = new LinkedHashMap<>();
        m.put("profile", RecordFixtures::profileBody);
        m.put("proposal", RecordFixtures::proposalBody);
        m.put("commitment", RecordFixtures::commitmentBody);
        m.put("commitment-update", () -> commitmentUpdateBody("renegotiated"));
        m.put("attestation", RecordFixtures::attestationBody);
        m.put("vouch", RecordFixtures::vouchBody);
        m.put("comment", RecordFixtures::commentBody);
        m.put("retraction", RecordFixtures::retractionBody);
        return m;
    }

    /** Serializes without escaping non-ASCII, so byte counts are predictable. */
    static byte[] json(JsonNode n) {
        try {
            return PLAIN.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- paths

    /**
     * Sets the value at a path like {@code body.roles[0].name} or {@code body.skills[1]}. The
     * containers must exist; an index equal to the array size appends.
     */
    static ObjectNode set(ObjectNode root, String path, Object value) {
        String[] parts = path.split("\\.");
        JsonNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = step(parent, parts[i]);
        }
        String last = parts[parts.length - 1];
        int bracket = last.indexOf('[');
        if (bracket < 0) {
            ((ObjectNode) parent).set(last, node(value));
        } else {
            ArrayNode array = (ArrayNode) parent.get(last.substring(0, bracket));
            int index = Integer.parseInt(last.substring(bracket + 1, last.length() - 1));
            if (index == array.size()) {
                array.add(node(value));
            } else {
                array.set(index, node(value));
            }
        }
        return root;
    }

    static ObjectNode remove(ObjectNode root, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = root;
        if (dot >= 0) {
            for (String part : path.substring(0, dot).split("\\.")) {
                parent = step(parent, part);
            }
        }
        ((ObjectNode) parent).remove(path.substring(dot + 1));
        return root;
    }

    private static JsonNode step(JsonNode node, String part) {
        int bracket = part.indexOf('[');
        if (bracket < 0) {
            return node.get(part);
        }
        int index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
        return node.get(part.substring(0, bracket)).get(index);
    }

    /** Nesting depth as the limit counts it: a scalar is 0, the payload object itself is 1. */
    static int depth(JsonNode n) {
        if (!n.isContainerNode()) {
            return 0;
        }
        int max = 0;
        for (JsonNode child : n) {
            max = Math.max(max, depth(child));
        }
        return 1 + max;
    }

    // ---------------------------------------------------------------- envelopes

    /** Encodes an envelope by hand, whatever the sizes (SignedRecord.of refuses oversize parts). */
    static byte[] envelope(byte[] payload, byte[] signature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + signature.length + 8);
        out.write(0x0A);
        UnsignedVarint.write(payload.length, out);
        out.writeBytes(payload);
        out.write(0x12);
        UnsignedVarint.write(signature.length, out);
        out.writeBytes(signature);
        return out.toByteArray();
    }

    /** Envelope bytes of {@code payload} signed (correctly) by {@code key}, whatever its content. */
    static byte[] signedEnvelope(byte[] payload, Ed25519KeyPair key) {
        return envelope(payload, key.sign(SignedRecord.signingInput(payload)));
    }

    static byte[] signedEnvelope(JsonNode payload) {
        return signedEnvelope(json(payload), ALICE);
    }

    // ---------------------------------------------------------------- assertions

    /** The reason {@link PayloadCodec#parse} refuses with; fails if it accepts or throws anything else. */
    static RejectReason parseReason(byte[] payload) {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> PayloadCodec.parse(payload, NOW), "payload unexpectedly accepted");
        return e.reason();
    }

    /** The reason the verifier refuses envelope bytes with; fails if accepted or anything else is thrown. */
    static RejectReason verifyReason(byte[] envelope) {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> verifier().verify(envelope), "envelope unexpectedly accepted");
        return e.reason();
    }

    /**
     * Asserts the payload is refused with exactly {@code expected}, both by the codec and by the
     * verifier when correctly signed by Alice (the content check precedes the signature check).
     */
    static void assertRejects(RejectReason expected, byte[] payload) {
        assertEquals(expected, parseReason(payload), "PayloadCodec.parse reason");
        assertEquals(expected, verifyReason(signedEnvelope(payload, ALICE)), "RecordVerifier.verify reason");
    }

    static void assertRejects(RejectReason expected, JsonNode payload) {
        assertRejects(expected, json(payload));
    }

    /** Asserts the payload parses, and verifies when signed by its author; returns the parsed payload. */
    static RecordPayload assertAccepts(byte[] payload) {
        RecordPayload parsed;
        try {
            parsed = PayloadCodec.parse(payload, NOW);
        } catch (InvalidRecordException e) {
            return fail("payload refused: " + e.getMessage());
        }
        try {
            VerifiedRecord v = verifier().verify(signedEnvelope(payload, keyOf(parsed)));
            assertEquals(parsed, v.payload());
        } catch (InvalidRecordException e) {
            return fail("signed envelope refused: " + e.getMessage());
        }
        return parsed;
    }

    /** The fixture key pair that authored {@code p}. */
    static Ed25519KeyPair keyOf(RecordPayload p) {
        for (Ed25519KeyPair k : new Ed25519KeyPair[] {ALICE, BOB, CAROL}) {
            if (k.peerId().equals(p.author())) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a fixture author: " + p.author());
    }

    static RecordPayload assertAccepts(JsonNode payload) {
        return assertAccepts(json(payload));
    }

    /** A string of exactly {@code n} code points of {@code unit} (a one-code-point string). */
    static String repeat(String unit, int n) {
        return unit.repeat(n);
    }

    /** Replaces the one occurrence of {@code marker} in {@code payload} with {@code replacement}. */
    static byte[] splice(byte[] payload, String marker, byte[] replacement) {
        byte[] m = bytes(marker);
        int at = indexOf(payload, m);
        if (at < 0 || indexOf(Arrays.copyOfRange(payload, at + 1, payload.length), m) >= 0) {
            throw new IllegalArgumentException("marker must occur exactly once: " + marker);
        }
        byte[] out = new byte[payload.length - m.length + replacement.length];
        System.arraycopy(payload, 0, out, 0, at);
        System.arraycopy(replacement, 0, out, at, replacement.length);
        System.arraycopy(payload, at + m.length, out, at + replacement.length, payload.length - at - m.length);
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] hex(String hex) {
        String h = hex.replace(" ", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
