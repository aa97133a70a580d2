package org.kith.node.store;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.VerifiedRecord;

/**
 * The process {@link IngestCrashIT} kills: opens the store given as argument, continues every
 * author's feed from its stored head, and ingests forever (or {@code maxCalls} calls), mixing
 * single ingests and small batches. After each ingest call returns it prints {@code ACK <id>}
 * per accepted record, in one write, and flushes: an ACKed record is one the store has promised
 * is durable.
 *
 * <pre>usage: IngestCrashChild &lt;store file&gt; &lt;seed&gt; [maxCalls]</pre>
 *
 * Output lines on stdout: {@code READY <records stored>}, then {@code ACK <id>} lines, then
 * {@code DONE} after {@code maxCalls}; {@code ERR <result>} (exit 3) if a record is not
 * accepted. Logging goes to stderr.
 *
 * <p>Records are a function of (author, seq) alone — key from a fixed seed, timestamp from the
 * seq, body from the seq and the previous id — so a restarted child recreates exactly the record
 * a killed one may or may not have stored, and the parent can recompute every expected id.
 */
public final class IngestCrashChild {

    static final int AUTHORS = 5;
    static final int MAX_BATCH = 8;
    static final String SWARM = "public";
    static final long BASE_TS_MILLIS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private static final Ed25519KeyPair[] KEYS = new Ed25519KeyPair[AUTHORS];

    private IngestCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: IngestCrashChild <store file> <seed> [maxCalls]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        long maxCalls = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        System.setOut(System.err); // nothing but protocol lines on stdout

        try (RecordStore store = SqliteRecordStore.open(file, owner(), Clock.systemUTC())) {
            long[] seq = new long[AUTHORS];
            RecordId[] head = new RecordId[AUTHORS];
            long stored = 0;
            for (FeedHead h : store.feeds()) {
                int a = authorIndex(h.author());
                seq[a] = h.seq();
                head[a] = h.id();
                stored += h.seq();
            }
            out.println("READY " + stored);
            out.flush();

            for (long call = 0; call < maxCalls; call++) {
                int n = random.nextBoolean() ? 1 : 2 + random.nextInt(MAX_BATCH - 1);
                List<byte[]> envelopes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int a = random.nextInt(AUTHORS); // several records of one author in a batch: in feed order
                    VerifiedRecord r = record(a, seq[a] + 1, head[a]);
                    seq[a]++;
                    head[a] = r.id();
                    envelopes.add(r.envelope().encode());
                }
                List<IngestResult> results = n == 1 ? List.of(store.ingest(envelopes.get(0)))
                        : store.ingestBatch(envelopes);
                StringBuilder lines = new StringBuilder();
                for (IngestResult result : results) {
                    if (result.status() != IngestResult.Status.ACCEPTED) {
                        out.print(lines);
                        out.println("ERR " + result);
                        out.flush();
                        System.exit(3);
                    }
                    lines.append("ACK ").append(result.id()).append('\n');
                }
                out.print(lines); // one write(2) per call: under PIPE_BUF, so never torn
                out.flush();
            }
            out.println("DONE");
            out.flush();
        }
    }

    /** The store's owner (any fixed identity: the store only checks it on reopen). */
    static PeerId owner() {
        return Ed25519KeyPair.fromSeed(seed("kith-crash-it/owner")).peerId();
    }

    static synchronized Ed25519KeyPair key(int author) {
        if (KEYS[author] == null) {
            KEYS[author] = Ed25519KeyPair.fromSeed(seed("kith-crash-it/author/" + author));
        }
        return KEYS[author];
    }

    static int authorIndex(String base58) {
        for (int a = 0; a < AUTHORS; a++) {
            if (key(a).peerId().toBase58().equals(base58)) {
                return a;
            }
        }
        throw new IllegalStateException("feed of an unknown author " + base58);
    }

    /**
     * Record {@code seq} of author {@code a}, whose predecessor is {@code prev}: seq 1 a profile;
     * then, repeating, a proposal, an update of that proposal (so the same-feed target check runs,
     * sometimes inside one batch), a comment on it, a profile update.
     */
    static VerifiedRecord record(int a, long seq, RecordId prev) {
        RecordBody body;
        if (seq == 1) {
            body = Profile.named("Crash author " + a);
        } else {
            body = switch ((int) (seq % 4)) {
                case 2 -> new Proposal(ProposalKind.PROJECT, "Proposal " + a + "/" + seq, "Summary of " + seq, null,
                        List.of(), null, List.of("crash", "t" + seq % 7), ProposalStatus.OPEN, null);
                case 3 -> new Proposal(ProposalKind.PROJECT, "Proposal " + a + "/" + (seq - 1) + " updated",
                        "Updated summary", null, List.of(), null, List.of("crash"), ProposalStatus.FORMING, prev);
                case 0 -> new Comment(prev, "Comment " + a + "/" + seq);
                default -> Profile.named("Crash author " + a + " v" + seq);
            };
        }
        Clock at = Clock.fixed(Instant.ofEpochMilli(BASE_TS_MILLIS + seq * 1000), ZoneOffset.UTC);
        try {
            return new RecordSigner(key(a), at).sign(SWARM, seq, prev, body);
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("generated an invalid record: " + e.getMessage(), e);
        }
    }

    private static byte[] seed(String label) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
