package org.kith.node.workflow;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.store.FeedHead;
import org.kith.node.store.FeedRecord;
import org.kith.node.store.RecordSources;
import org.kith.node.store.StoredRecord;
import org.kith.node.store.Views;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.CommitmentUpdate;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordPayload;
import org.kith.protocol.record.RecordVerifier;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.VerifiedRecord;

/**
 * The evidence of when a record (typically a proposal) existed and who wrote it: its place in the
 * author's signed chain (re-verified from seq 1), when and from whom this node first got it, and
 * the earliest records on this node that cite it, above all one by another author (independent
 * evidence that it existed by then).
 */
public final class Provenance {

    /** Chain records re-verified per read. */
    private static final int PAGE = 1_000;
    private static final RecordVerifier STORED = new RecordVerifier(Clock.fixed(Instant.ofEpochMilli(Long.MAX_VALUE / 2),
            java.time.ZoneOffset.UTC));

    /**
     * The author's feed around the record.
     *
     * @param seq the record's seq; {@code headSeq} the feed's highest seq on this node
     * @param verified every record from seq 1 up to this one is stored, signed by the author, and
     *     names its predecessor as prev
     * @param problem why not, when not verified
     * @param conflictsWith for fork evidence: the chain record holding the same seq
     */
    public record Chain(long seq, long headSeq, boolean verified, long checked, String problem, boolean forked,
            String conflictsWith) {
    }

    /** How this node first got the record; {@code source} null when unknown. */
    public record Received(long atMillis, String source, String via, String detail) {
    }

    /** A record citing the one asked about. {@code relation}: commitment, comment, update, … */
    public record Citation(String id, String type, String relation, String author, String authorName, long tsMillis,
            boolean sameAuthor) {
    }

    /** The whole answer; see the field names for the stable --json output. */
    public record Report(String id, String type, String title, String author, String authorName, String swarm,
            long seq, String prev, long tsMillis, boolean forkEvidence, String retractedBy, Chain chain,
            Received received, int citations, Citation earliestCitation, Citation earliestIndependentCitation) {
    }

    private Provenance() {
    }

    public static Report of(KithNode node, RecordId id) throws KithException {
        StoredRecord r = node.store().record(id).orElseThrow(() -> new KithException("no record " + id));
        RecordPayload p = r.payload();
        String author = p.author().toBase58();
        Chain chain = chain(node, r);
        RecordSources sources = node.store().network().sources();
        Received received = sources.source(id.toString())
                .map(s -> new Received(s.receivedAtMillis(), s.source(), s.via(), s.detail()))
                .orElse(new Received(r.receivedAtMillis(), null, null, null));
        Citation earliest = null;
        Citation independent = null;
        String retractedBy = null;
        int count = 0;
        for (StoredRecord c : sources.recordsMentioning(List.of(id))) {
            String relation = relation(c.payload().body(), id);
            if (relation == null) {
                continue; // the id only appears in text, or as prev: not a citation
            }
            boolean same = c.payload().author().equals(p.author());
            if (relation.equals("retraction") && same && !c.forkEvidence()) {
                retractedBy = c.id().toString();
            }
            count++;
            Citation citation = new Citation(c.id().toString(), c.payload().type(), relation,
                    c.payload().author().toBase58(), name(node, c.payload().author().toBase58()),
                    c.payload().timestampMillis(), same);
            // recordsMentioning is in (ts, id) order: the first seen is the earliest.
            if (earliest == null) {
                earliest = citation;
            }
            if (independent == null && !same) {
                independent = citation;
            }
        }
        String title = null;
        if (p.body() instanceof Proposal proposal && retractedBy == null) {
            RecordId original = proposal.isUpdate() ? proposal.of() : id;
            title = node.queries().proposal(original.toString()).map(Views.Proposal::title).orElse(proposal.title());
        }
        return new Report(id.toString(), p.type(), title, author, name(node, author), p.swarm(), p.seq(),
                p.prev() == null ? null : p.prev().toString(), p.timestampMillis(), r.forkEvidence(), retractedBy,
                chain, received, count, earliest, independent);
    }

    private static String name(KithNode node, String peerId) {
        return node.queries().person(peerId).map(Views.Person::name).orElse(null);
    }

    /** How {@code body} cites {@code target}, or null if it does not. */
    static String relation(RecordBody body, RecordId target) {
        if (body instanceof Proposal p && p.isUpdate() && p.of().equals(target)) {
            return "update";
        } else if (body instanceof Commitment c && c.proposal().equals(target)) {
            return "commitment";
        } else if (body instanceof CommitmentUpdate u && u.commitment().equals(target)) {
            return "commitment-update";
        } else if (body instanceof Attestation a && a.commitment().equals(target)) {
            return "attestation";
        } else if (body instanceof Comment c && c.target().equals(target)) {
            return "comment";
        } else if (body instanceof Retraction t && t.target().equals(target)) {
            return "retraction";
        }
        return null;
    }

    /**
     * Re-reads the author's chain from seq 1 to the record (or, for fork evidence, to the seq
     * before it): every signature verifies, seqs run without gaps, each prev names its predecessor.
     */
    private static Chain chain(KithNode node, StoredRecord r) {
        RecordPayload p = r.payload();
        Optional<FeedHead> head = node.store().feedHead(p.author(), p.swarm());
        long headSeq = head.map(FeedHead::seq).orElse(0L);
        boolean forked = head.map(FeedHead::forked).orElse(false);
        long upTo = r.forkEvidence() ? p.seq() - 1 : p.seq();
        RecordId prev = null;
        long expected = 1;
        String problem = null;
        long after = 0;
        outer:
        while (after < upTo) {
            List<FeedRecord> page = node.store().chainAfter(p.author(), p.swarm(), after, upTo, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (FeedRecord f : page) {
                if (f.seq() != expected) {
                    problem = "seq " + expected + " is missing";
                    break outer;
                }
                VerifiedRecord v;
                try {
                    v = STORED.verify(f.envelope());
                } catch (InvalidRecordException e) {
                    problem = "seq " + f.seq() + " does not verify: " + e.getMessage();
                    break outer;
                }
                if (!v.author().equals(p.author()) || !Objects.equals(v.payload().prev(), prev)) {
                    problem = "seq " + f.seq() + " does not name seq " + (f.seq() - 1) + " as prev";
                    break outer;
                }
                prev = v.id();
                expected++;
            }
            after = page.get(page.size() - 1).seq();
        }
        if (problem == null && expected <= upTo) {
            problem = "seq " + expected + " is missing";
        }
        String conflictsWith = null;
        if (problem == null) {
            if (r.forkEvidence()) {
                if (!Objects.equals(p.prev(), prev)) {
                    problem = "the record does not name seq " + (p.seq() - 1) + " of the chain as prev";
                }
                List<FeedRecord> slot = node.store().chainAfter(p.author(), p.swarm(), p.seq() - 1, p.seq(), 1);
                conflictsWith = slot.isEmpty() ? null : slot.get(0).id().toString();
            } else if (!r.id().equals(prev)) {
                problem = "the chain holds another record at seq " + p.seq();
            }
        }
        return new Chain(p.seq(), headSeq, problem == null, expected - 1, problem, forked, conflictsWith);
    }
}
