package org.kith.node.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordVerifier;
import org.kith.protocol.record.VerifiedRecord;

/**
 * Checks a bundle with no data directory: every record's id, payload and signature, and, per
 * feed, that the chain is whole (seq 1 onward, no gaps, each prev naming its predecessor, no
 * two records for one seq). Memory grows with the number of records (ids only), not their size.
 */
public final class BundleVerifier {

    /** One thing wrong with the bundle. {@code index} is -1 for problems of a whole feed. */
    public record Problem(int index, String id, String code, String detail) {
    }

    /** The verdict. */
    public record Report(int records, int validRecords, int authors, int feeds, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final RecordVerifier verifier;

    public BundleVerifier(Clock clock) {
        this.verifier = new RecordVerifier(clock);
    }

    public Report verify(Path file) throws BundleFormatException, IOException {
        List<Problem> problems = new ArrayList<>();
        Map<String, TreeMap<Long, List<Link>>> feeds = new HashMap<>();
        java.util.Set<String> authors = new java.util.HashSet<>();
        int[] valid = {0};
        int total = Bundle.read(file, entry -> {
            try {
                VerifiedRecord r = verifier.verify(entry.toSignedRecord());
                valid[0]++;
                authors.add(r.author().toBase58());
                feeds.computeIfAbsent(r.author().toBase58() + "/" + r.swarm(), k -> new TreeMap<>())
                        .computeIfAbsent(r.seq(), k -> new ArrayList<>(1))
                        .add(new Link(entry.index(), r.id(), r.payload().prev()));
            } catch (InvalidRecordException e) {
                problems.add(new Problem(entry.index(), entry.statedId(), e.reason().code(), e.detail()));
            }
        });
        for (Map.Entry<String, TreeMap<Long, List<Link>>> feed : feeds.entrySet()) {
            checkChain(feed.getKey(), feed.getValue(), problems);
        }
        return new Report(total, valid[0], authors.size(), feeds.size(), List.copyOf(problems));
    }

    private record Link(int index, RecordId id, RecordId prev) {
    }

    private static void checkChain(String feed, TreeMap<Long, List<Link>> chain, List<Problem> problems) {
        long expected = 1;
        for (Map.Entry<Long, List<Link>> slot : chain.entrySet()) {
            long seq = slot.getKey();
            if (seq != expected) {
                problems.add(new Problem(-1, null, "seq-gap", "feed " + feed + " lacks seq " + expected
                        + (seq - 1 > expected ? ".." + (seq - 1) : "")));
            }
            expected = seq + 1;
            List<Link> links = slot.getValue();
            if (links.size() > 1) {
                problems.add(new Problem(links.get(1).index(), links.get(1).id().toString(), "fork",
                        "feed " + feed + " has " + links.size() + " different records at seq " + seq));
            }
            List<Link> before = chain.get(seq - 1);
            if (before != null && before.size() == 1) {
                Link link = links.get(0);
                if (!before.get(0).id().equals(link.prev())) {
                    problems.add(new Problem(link.index(), link.id().toString(), "prev-mismatch",
                            "feed " + feed + " seq " + seq + " does not name seq " + (seq - 1) + " as prev"));
                }
            }
        }
    }
}
