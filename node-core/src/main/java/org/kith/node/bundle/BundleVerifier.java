package org.kith.node.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import org.kith.node.workflow.Credits;
import org.kith.protocol.identity.Ed25519PublicKey;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordVerifier;
import org.kith.protocol.record.VerifiedRecord;

/**
 * Checks a bundle with no data directory: every record's id, payload and signature, and, per
 * feed, that the chain is whole (seq 1 onward, no gaps, each prev naming its predecessor, no
 * two records for one seq). Memory grows with the number of records (ids only), not their size.
 *
 * <p>A credits bundle holds a selection of records from several feeds: gaps in its chains are
 * expected (two records at one seq and wrong prev links between neighbours are still problems).
 * It is also checked that its summary is exactly what its records give
 * ({@link Credits#derive}), that it holds no other records, and that the exporter's signature
 * verifies under the signer's peer ID. Its records are kept in memory (at most
 * {@link #MAX_CREDITS_RECORDS}).
 */
public final class BundleVerifier {

    /** One thing wrong with the bundle. {@code index} is -1 for problems of a whole feed. */
    public record Problem(int index, String id, String code, String detail) {
    }

    /** Records a credits bundle may hold. */
    public static final int MAX_CREDITS_RECORDS = 100_000;

    /**
     * The verdict.
     *
     * @param kind "records" or "credits"
     * @param proposal the proposal of a credits bundle
     * @param signer the peer ID whose signature over a credits bundle verified, else null
     */
    public record Report(int records, int validRecords, int authors, int feeds, String kind, String proposal,
            String signer, List<Problem> problems) {
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
        List<VerifiedRecord> kept = new ArrayList<>();
        boolean[] overflow = {false};
        Bundle.Contents contents = Bundle.readWithHeader(file, entry -> {
            try {
                VerifiedRecord r = verifier.verify(entry.toSignedRecord());
                valid[0]++;
                if (!overflow[0]) {
                    kept.add(r);
                    if (kept.size() > MAX_CREDITS_RECORDS) {
                        overflow[0] = true;
                        kept.clear();
                    }
                }
                authors.add(r.author().toBase58());
                feeds.computeIfAbsent(r.author().toBase58() + "/" + r.swarm(), k -> new TreeMap<>())
                        .computeIfAbsent(r.seq(), k -> new ArrayList<>(1))
                        .add(new Link(entry.index(), r.id(), r.payload().prev()));
            } catch (InvalidRecordException e) {
                problems.add(new Problem(entry.index(), entry.statedId(), e.reason().code(), e.detail()));
            }
        });
        int total = contents.records();
        Bundle.Header h = contents.header();
        boolean credits = h.credits() != null || h.signer() != null || h.signature() != null;
        for (Map.Entry<String, TreeMap<Long, List<Link>>> feed : feeds.entrySet()) {
            checkChain(feed.getKey(), feed.getValue(), credits, problems);
        }
        String proposal = null;
        String signer = null;
        if (credits) {
            if (overflow[0]) {
                problems.add(new Problem(-1, null, "credits-too-large", "a credits bundle holds at most "
                        + MAX_CREDITS_RECORDS + " records"));
            } else {
                proposal = h.credits() == null ? null : h.credits().path("proposal").path("id").asText(null);
                signer = checkCredits(h, proposal, kept, problems);
            }
        }
        return new Report(total, valid[0], authors.size(), feeds.size(), credits ? "credits" : "records", proposal,
                signer, List.copyOf(problems));
    }

    /** @return the signer if the exporter's signature verifies */
    private static String checkCredits(Bundle.Header h, String proposal, List<VerifiedRecord> records,
            List<Problem> problems) {
        if (h.credits() == null) {
            problems.add(new Problem(-1, null, "credits-missing", "the bundle is signed but has no credits summary"));
            return null;
        }
        RecordId proposalId;
        try {
            proposalId = RecordId.parse(proposal == null ? "" : proposal);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(-1, null, "credits-mismatch", "credits.proposal.id is not a record id"));
            return null;
        }
        Credits derived;
        try {
            derived = Credits.derive(proposalId, records);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(-1, null, "credits-mismatch", "the bundle's records hold no proposal " + proposalId));
            return null;
        }
        JsonNode summary = derived.summary();
        String difference = firstDifference("credits", summary, h.credits());
        if (difference != null) {
            problems.add(new Problem(-1, null, "credits-mismatch", "the credits summary does not match the records: "
                    + difference));
        }
        java.util.Set<RecordId> used = new java.util.HashSet<>();
        derived.records().forEach(r -> used.add(r.id()));
        for (VerifiedRecord r : records) {
            if (!used.contains(r.id())) {
                problems.add(new Problem(-1, r.id().toString(), "credits-extra-record",
                        "record " + r.id() + " is not part of the credits of " + proposalId));
            }
        }
        if (h.signer() == null || h.signature() == null) {
            problems.add(new Problem(-1, null, "unsigned", "the credits bundle has no exporter signature"));
            return null;
        }
        PeerId signer;
        byte[] signature;
        try {
            signer = PeerId.parse(h.signer());
            signature = Base64.getDecoder().decode(h.signature());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(-1, null, "bad-bundle-signature", "signer or signature is malformed"));
            return null;
        }
        List<String> ids = records.stream().map(r -> r.id().toString()).toList();
        byte[] input = Credits.signingInput(h.signer(), h.exported() == null ? "" : h.exported(), proposalId.toString(),
                ids, summary);
        boolean ok = signature.length == Ed25519PublicKey.SIGNATURE_BYTES
                && signer.ed25519Key().map(k -> k.verify(input, signature)).orElse(false);
        if (!ok) {
            problems.add(new Problem(-1, null, "bad-bundle-signature",
                    "the exporter's signature does not verify under signer " + h.signer()));
            return null;
        }
        return h.signer();
    }

    /** Where {@code actual} first differs from {@code expected}, as a JSON path; null if equal. */
    static String firstDifference(String path, JsonNode expected, JsonNode actual) {
        if (expected.equals(actual)) {
            return null;
        }
        if (actual == null || actual.isMissingNode()) {
            return path + " is missing";
        }
        if (expected.isObject() && actual.isObject()) {
            for (var it = expected.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                String d = firstDifference(path + "." + f, expected.get(f), actual.get(f));
                if (d != null) {
                    return d;
                }
            }
            for (var it = actual.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!expected.has(f)) {
                    return path + "." + f + " is not expected";
                }
            }
        } else if (expected.isArray() && actual.isArray()) {
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                if (i >= expected.size() || i >= actual.size()) {
                    return path + " has " + actual.size() + " entries, the records give " + expected.size();
                }
                String d = firstDifference(path + "[" + i + "]", expected.get(i), actual.get(i));
                if (d != null) {
                    return d;
                }
            }
        }
        return path + " differs";
    }

    private record Link(int index, RecordId id, RecordId prev) {
    }

    private static void checkChain(String feed, TreeMap<Long, List<Link>> chain, boolean gapsAllowed,
            List<Problem> problems) {
        long expected = 1;
        for (Map.Entry<Long, List<Link>> slot : chain.entrySet()) {
            long seq = slot.getKey();
            if (seq != expected && !gapsAllowed) {
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
