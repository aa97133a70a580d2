package org.kith.node.trust;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.kith.node.store.SqliteRecordStore;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/**
 * Load timing of the store adapter (a harness, not a test): 10k people, 100k general vouches, 5k proposals,
 * 25k commitments, 50k attestations (a fifth by outsiders) and 10 forked feeds, written straight into the
 * derived tables of a real store file (signing and ingesting 200k records would time the ingest door, not the
 * adapter). Best of N loads, then the engine on the loaded graph. Run with the node-core test class path:
 * {@code java -cp … org.kith.node.trust.StoreTrustGraphBenchmark [runs=5]}.
 */
public final class StoreTrustGraphBenchmark {

    static final int PEOPLE = 10_000;
    static final int VOUCHES = 100_000;
    static final int PROPOSALS = 5_000;
    static final int COMMITMENTS = 25_000;
    static final int ATTESTATIONS = 50_000;
    static final int FORKED = 10;

    private StoreTrustGraphBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("kith-trust-bench");
        Path file = dir.resolve("kith.db");
        PeerId user = Ed25519KeyPair.fromSeed(new byte[32]).peerId();
        SqliteRecordStore.open(file, user, Clock.systemUTC()).close();
        String[] people = fill(file, user.toBase58(), new Random(7));
        try (SqliteRecordStore store = SqliteRecordStore.open(file, user, Clock.systemUTC())) {
            StoreTrustGraph g = null;
            long best = Long.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                g = StoreTrustGraph.load(store.queries(), people[0]);
                best = Math.min(best, System.nanoTime() - t0);
            }
            long t0 = System.nanoTime();
            PersonalTrust t = PersonalTrust.of(g, people[0], new TrustEngine());
            long compute = System.nanoTime() - t0;
            t0 = System.nanoTime();
            t.explain(people[1], 5);
            long explain = System.nanoTime() - t0;
            System.out.printf(Locale.ROOT, "store trust load (JDK %s): %d people, %d vouches, %d attestations to the"
                    + " engine, %d kept out: best of %d %.1f ms; engine %.1f ms; one explain %.1f ms%n",
                    Runtime.version(), g.graph().size(), g.graph().vouches().size(), g.graph().attestations().size(),
                    g.excludedCount(), runs, best / 1e6, compute / 1e6, explain / 1e6);
        }
    }

    /** Writes the synthetic community; returns the peer IDs, the user first. */
    static String[] fill(Path file, String userId, Random rnd) throws SQLException {
        String[] people = new String[PEOPLE];
        people[0] = userId;
        for (int i = 1; i < PEOPLE; i++) {
            people[i] = "12D3KooWbench" + String.format(Locale.ROOT, "%06d", i);
        }
        long[] seq = new long[PEOPLE];
        long ts = 1_790_000_000_000L;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            PreparedStatement record = c.prepareStatement("INSERT INTO records (id, envelope, author, swarm, seq,"
                    + " type, ts, received_at) VALUES (?, x'00', ?, 'public', ?, ?, ?, ?)");
            PreparedStatement vouch = c.prepareStatement("INSERT OR IGNORE INTO vouches (author, subject, domain,"
                    + " level, note, record_id, ts, swarm, seq) VALUES (?, ?, '', ?, NULL, ?, ?, 'public', ?)");
            Set<Long> pairs = new HashSet<>();
            String[] levels = {"some", "some", "high", "high", "neutral", "distrust"};
            int n = 0;
            while (pairs.size() < VOUCHES) {
                int a = rnd.nextInt(PEOPLE);
                int b = rnd.nextInt(PEOPLE);
                if (a == b || !pairs.add((long) a * PEOPLE + b)) {
                    continue;
                }
                String id = "v" + n++;
                vouch.setString(1, people[a]);
                vouch.setString(2, people[b]);
                vouch.setString(3, levels[rnd.nextInt(levels.length)]);
                vouch.setString(4, id);
                vouch.setLong(5, ts + n);
                vouch.setLong(6, ++seq[a]);
                vouch.addBatch();
                addRecord(record, id, people[a], seq[a], "vouch", ts + n);
            }
            vouch.executeBatch();
            int[] proposalAuthor = new int[PROPOSALS];
            PreparedStatement proposal = c.prepareStatement("INSERT INTO proposals (id, author, swarm, kind, title,"
                    + " summary, status, roles, latest_id, created_ts, updated_ts)"
                    + " VALUES (?, ?, 'public', 'project', 'T', 'S', 'open', '[]', ?, ?, ?)");
            for (int i = 0; i < PROPOSALS; i++) {
                int a = rnd.nextInt(PEOPLE);
                proposalAuthor[i] = a;
                String id = "p" + i;
                proposal.setString(1, id);
                proposal.setString(2, people[a]);
                proposal.setString(3, id);
                proposal.setLong(4, ts);
                proposal.setLong(5, ts);
                proposal.addBatch();
                addRecord(record, id, people[a], ++seq[a], "proposal", ts);
            }
            proposal.executeBatch();
            int[] commitmentAuthor = new int[COMMITMENTS];
            int[] commitmentProposal = new int[COMMITMENTS];
            PreparedStatement commitment = c.prepareStatement("INSERT INTO commitments (id, author, swarm,"
                    + " proposal_id, what, due, status, latest_id, created_ts, updated_ts)"
                    + " VALUES (?, ?, 'public', ?, 'W', '2027-01-01', 'open', ?, ?, ?)");
            for (int i = 0; i < COMMITMENTS; i++) {
                int a = rnd.nextInt(PEOPLE);
                int p = rnd.nextInt(PROPOSALS);
                commitmentAuthor[i] = a;
                commitmentProposal[i] = p;
                String id = "c" + i;
                commitment.setString(1, id);
                commitment.setString(2, people[a]);
                commitment.setString(3, "p" + p);
                commitment.setString(4, id);
                commitment.setLong(5, ts);
                commitment.setLong(6, ts);
                commitment.addBatch();
                addRecord(record, id, people[a], ++seq[a], "commitment", ts);
            }
            commitment.executeBatch();
            PreparedStatement attestation = c.prepareStatement("INSERT INTO attestations (id, author, swarm,"
                    + " commitment_id, committer, outcome, ts) VALUES (?, ?, 'public', ?, ?, ?, ?)");
            String[] outcomes = {"kept", "kept", "kept", "partly-kept", "not-kept"};
            for (int i = 0; i < ATTESTATIONS; i++) {
                int k = rnd.nextInt(COMMITMENTS);
                // four in five by the proposal's author; the rest by anyone (mostly outsiders)
                int a = rnd.nextInt(5) < 4 ? proposalAuthor[commitmentProposal[k]] : rnd.nextInt(PEOPLE);
                if (a == commitmentAuthor[k]) {
                    a = (a + 1) % PEOPLE;
                }
                String id = "a" + i;
                attestation.setString(1, id);
                attestation.setString(2, people[a]);
                attestation.setString(3, "c" + k);
                attestation.setString(4, people[commitmentAuthor[k]]);
                attestation.setString(5, outcomes[rnd.nextInt(outcomes.length)]);
                attestation.setLong(6, ts + i);
                attestation.addBatch();
                addRecord(record, id, people[a], ++seq[a], "attestation", ts + i);
            }
            attestation.executeBatch();
            record.executeBatch();
            PreparedStatement feed = c.prepareStatement("INSERT INTO feeds (author, swarm, head_seq, head_id, forked)"
                    + " VALUES (?, 'public', ?, 'x', ?)");
            for (int i = 0; i < PEOPLE; i++) {
                feed.setString(1, people[i]);
                feed.setLong(2, seq[i]);
                feed.setInt(3, i > 0 && i <= FORKED ? 1 : 0);
                feed.addBatch();
            }
            feed.executeBatch();
            c.commit();
        }
        return people;
    }

    private static void addRecord(PreparedStatement record, String id, String author, long seq, String type, long ts)
            throws SQLException {
        record.setString(1, id);
        record.setString(2, author);
        record.setLong(3, seq);
        record.setString(4, type);
        record.setLong(5, ts);
        record.setLong(6, ts);
        record.addBatch();
    }
}
