package org.kith.node.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.PayloadCodec;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordPayload;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.SignedRecord;
import org.kith.protocol.record.SwarmId;

/**
 * One author's feed in one swarm for sync tests and the benchmark, deterministic per label:
 * seq 1 a profile, then comments of 80–600 bytes of text on the previous record. Signs with
 * {@link RecordSigner#signRaw} (one signature per record, no self-check). Not thread-safe.
 */
public final class SyncFeed {

    public static final long BASE_TS_MILLIS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    /** A valid private swarm id, for tests of scoping. */
    public static final String OTHER_SWARM = SwarmId.fromKey(sha256("kith-sync-test/other-swarm"));
    public static final String PRIVATE_SWARM = SwarmId.fromKey(sha256("kith-sync-test/private-swarm"));

    private static final String[] WORDS = ("garden seed soil water share tool bike repair library book kitchen"
            + " bread oven solar panel roof rain barrel compost worm school lesson music choir street festival"
            + " market stall sewing fabric wood bench table chair paint mural wall bridge path forest tree").split(" ");

    private final Ed25519KeyPair key;
    private final String swarm;
    private final Random random;
    private long seq;
    private RecordId prev;

    public SyncFeed(String label, String swarm) {
        this.key = Ed25519KeyPair.fromSeed(sha256("kith-sync-test/author/" + label));
        this.swarm = swarm;
        this.random = new Random(label.hashCode());
    }

    public static byte[] sha256(String label) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public PeerId author() {
        return key.peerId();
    }

    public long seq() {
        return seq;
    }

    public RecordId head() {
        return prev;
    }

    /** The next record of the feed. */
    public byte[] next() {
        RecordBody body = seq == 0 ? Profile.named("Author " + author().toBase58().substring(8, 14)) : comment(prev);
        byte[] envelope = sign(seq + 1, prev, body);
        seq++;
        prev = SignedRecordIds.id(envelope);
        return envelope;
    }

    /** {@code n} next records. */
    public List<byte[]> next(int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** A valid record for slot {@code atSeq} after {@code atPrev}, not advancing the feed (a fork). */
    public byte[] at(long atSeq, RecordId atPrev, String text) {
        return sign(atSeq, atPrev, new Comment(atPrev == null ? RecordId.ofPayload(new byte[1]) : atPrev, text));
    }

    /** This feed continued from a copy: the same key, seq and prev (to grow two branches). */
    public SyncFeed fork(String label) {
        SyncFeed f = new SyncFeed(label, swarm, key);
        f.seq = seq;
        f.prev = prev;
        return f;
    }

    private SyncFeed(String label, String swarm, Ed25519KeyPair key) {
        this.key = key;
        this.swarm = swarm;
        this.random = new Random(label.hashCode());
    }

    private byte[] sign(long atSeq, RecordId atPrev, RecordBody body) {
        RecordPayload payload = new RecordPayload(body.typeName(), author(), swarm, atSeq, atPrev,
                BASE_TS_MILLIS + atSeq * 1000, body);
        return RecordSigner.signRaw(PayloadCodec.write(payload), key).encode();
    }

    private Comment comment(RecordId target) {
        int words = 12 + random.nextInt(90);
        StringBuilder sb = new StringBuilder("Note");
        for (int i = 0; i < words; i++) {
            sb.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
        }
        return new Comment(target, sb.append('.').toString());
    }

    /** Record ids of envelopes. */
    static final class SignedRecordIds {
        private SignedRecordIds() {
        }

        static RecordId id(byte[] envelope) {
            try {
                return SignedRecord.decode(envelope).id();
            } catch (org.kith.protocol.record.InvalidRecordException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Round-robin over feeds: every feed's next record, {@code perFeed} times (nothing arrives ahead of its predecessor). */
    public static List<byte[]> interleaved(List<SyncFeed> feeds, int perFeed) {
        List<byte[]> out = new ArrayList<>(feeds.size() * perFeed);
        for (int i = 0; i < perFeed; i++) {
            for (SyncFeed f : feeds) {
                out.add(f.next());
            }
        }
        return out;
    }
}
