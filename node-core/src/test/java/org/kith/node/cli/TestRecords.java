package org.kith.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kith.node.bundle.Bundle;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.SignedRecord;
import org.kith.protocol.record.SwarmId;
import org.kith.protocol.record.VerifiedRecord;

/** Deterministic keys, signed records and hand-made bundles for import and verify tests. */
final class TestRecords {

    static final ObjectMapper JSON = new ObjectMapper();

    private TestRecords() {
    }

    /** The same key pair for the same label, every run. */
    static Ed25519KeyPair key(String label) {
        return Ed25519KeyPair.fromSeed(sha256(("kith-cli-test:" + label).getBytes(StandardCharsets.UTF_8)));
    }

    static VerifiedRecord sign(Ed25519KeyPair key, Clock clock, long seq, RecordId prev, RecordBody body) {
        try {
            return new RecordSigner(key, clock).sign(SwarmId.PUBLIC, seq, prev, body);
        } catch (InvalidRecordException e) {
            throw new IllegalStateException(e);
        }
    }

    static VerifiedRecord profile(String label, String name, Clock clock) {
        return sign(key(label), clock, 1, null, Profile.named(name));
    }

    /** A bundle entry exactly as {@code kith export} writes it. */
    static ObjectNode entry(SignedRecord r) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", r.id().toString());
        e.put("payload", new String(r.payload(), StandardCharsets.UTF_8));
        e.put("signature", Base64.getEncoder().encodeToString(r.signature()));
        return e;
    }

    static ObjectNode entry(VerifiedRecord r) {
        return entry(r.envelope());
    }

    static ObjectNode bundle(List<? extends JsonNode> entries) {
        ObjectNode b = JSON.createObjectNode();
        b.put("format", Bundle.FORMAT);
        b.put("exported", CliRunner.START.toString());
        ArrayNode records = b.putArray("records");
        entries.forEach(records::add);
        return b;
    }

    static Path write(Path file, JsonNode bundle) {
        return write(file, bundle.toPrettyString());
    }

    static Path write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Two valid first profiles of two different people whose record ids share their first four
     * characters, found by trying deterministic keys in turn (a birthday search over 32^4 prefixes:
     * about a thousand tries, always the same pair for the same clock).
     */
    static synchronized List<VerifiedRecord> idPrefixTwins(Clock fixedClock) {
        return twins.computeIfAbsent(fixedClock.instant(), t -> findTwins(fixedClock));
    }

    private static final Map<java.time.Instant, List<VerifiedRecord>> twins = new HashMap<>();

    private static List<VerifiedRecord> findTwins(Clock fixedClock) {
        Map<String, VerifiedRecord> byPrefix = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            VerifiedRecord r = profile("twin-" + i, "Twin " + i, fixedClock);
            VerifiedRecord earlier = byPrefix.putIfAbsent(r.id().toString().substring(0, 4), r);
            if (earlier != null) {
                return List.of(earlier, r);
            }
        }
        throw new IllegalStateException("no id prefix collision found");
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
