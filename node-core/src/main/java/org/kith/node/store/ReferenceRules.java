package org.kith.node.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.CommitmentStatus;
import org.kith.protocol.record.CommitmentUpdate;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordPayload;
import org.kith.protocol.record.RecordType;
import org.kith.protocol.record.RejectReason;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.VerifiedRecord;
import org.kith.protocol.record.WireEnum;

/**
 * The ingest door's checks of a record against the records it names (design §3, the workflow).
 *
 * <p><b>Same feed.</b> Proposal updates, commitment updates and retractions must name an earlier
 * record of the author's own feed in the same swarm (so only the author can update or retract),
 * and a status change must be one the lifecycle allows:
 * <pre>
 *   proposal    open → forming | active | abandoned;  forming → open | active | abandoned;
 *               active → completed | abandoned;       completed, abandoned: final
 *   commitment  open, renegotiated → delivered | withdrawn | renegotiated;  delivered, withdrawn: final
 * </pre>
 * An update may always keep the status it has (to edit other fields or add a note), and a
 * proposal's kind never changes. Every node holding the record holds the earlier records of its
 * feed, so these checks give the same answer everywhere.
 *
 * <p><b>Other feeds.</b> A commitment names a proposal and an attestation a commitment, usually
 * another author's. When that record is here, it must be of the right type (an original proposal,
 * an original commitment), in the same swarm, and for an attestation the named committer must be
 * the commitment's author. When it is not here yet, the record waits for it
 * ({@link Verdict#waitFor()}), like a record waiting for its predecessor: a node that stored and
 * forwarded the record held its target, so catch-up with the sender brings it. The answer is thus
 * the same everywhere too, only later. Comments may name anything (or nothing known).
 *
 * <p><b>Dates.</b> A due date (new or renegotiated) must not be before the day the record was made
 * ({@link #DUE_SLACK_DAYS} of slack for time zones) nor more than {@link #MAX_DUE_YEARS} after it: a
 * commitment due in a century is never overdue.
 */
final class ReferenceRules {

    /** Days a due date may lie before the (UTC) day of the record's timestamp. */
    static final int DUE_SLACK_DAYS = 1;
    /** Years a due date may lie after the day of the record's timestamp. */
    static final int MAX_DUE_YEARS = 5;

    private static final Map<ProposalStatus, Set<ProposalStatus>> PROPOSAL_NEXT = Map.of(
            ProposalStatus.OPEN, EnumSet.of(ProposalStatus.FORMING, ProposalStatus.ACTIVE, ProposalStatus.ABANDONED),
            ProposalStatus.FORMING, EnumSet.of(ProposalStatus.OPEN, ProposalStatus.ACTIVE, ProposalStatus.ABANDONED),
            ProposalStatus.ACTIVE, EnumSet.of(ProposalStatus.COMPLETED, ProposalStatus.ABANDONED),
            ProposalStatus.COMPLETED, EnumSet.noneOf(ProposalStatus.class),
            ProposalStatus.ABANDONED, EnumSet.noneOf(ProposalStatus.class));

    /** Commitment statuses after which only a same-status update (a note) is allowed. */
    private static final Set<String> COMMITMENT_FINAL = Set.of(CommitmentStatus.DELIVERED.wire(),
            CommitmentStatus.WITHDRAWN.wire());

    /** The outcome: pass (both null), refuse ({@code invalid}) or wait for a record ({@code waitFor}). */
    record Verdict(InvalidRecordException invalid, RecordId waitFor) {
        static final Verdict PASS = new Verdict(null, null);

        static Verdict refuse(RejectReason reason, String detail) {
            return new Verdict(new InvalidRecordException(reason, detail), null);
        }

        static Verdict waitFor(RecordId target) {
            return new Verdict(null, target);
        }
    }

    /** A stored chain record as the checks see it. */
    private record Target(String author, String swarm, String type, byte[] envelope) {
        RecordBody body() {
            return DerivedTables.parseStored(envelope).body();
        }
    }

    private final Database db;

    ReferenceRules(Database db) {
        this.db = db;
    }

    /** Checks {@code r}, which continues its feed; reads only, inside the caller's transaction. */
    Verdict check(VerifiedRecord r) throws SQLException {
        RecordBody body = r.body();
        if (body instanceof Proposal p && p.isUpdate()) {
            return proposalUpdate(r, p);
        }
        if (body instanceof CommitmentUpdate u) {
            return commitmentUpdate(r, u);
        }
        if (body instanceof Retraction rt) {
            Target t = target(rt.target());
            Verdict own = sameFeed(r, rt.target(), t, null);
            if (own != null) {
                return own;
            }
            return RecordType.RETRACTION.wire().equals(t.type())
                    ? Verdict.refuse(RejectReason.TARGET_WRONG_TYPE, "a retraction cannot be retracted")
                    : Verdict.PASS;
        }
        if (body instanceof Commitment c) {
            return commitment(r, c);
        }
        if (body instanceof Attestation a) {
            return attestation(r, a);
        }
        return Verdict.PASS;
    }

    private Verdict proposalUpdate(VerifiedRecord r, Proposal update) throws SQLException {
        Target t = target(update.of());
        Verdict own = sameFeed(r, update.of(), t, RecordType.PROPOSAL);
        if (own != null) {
            return own;
        }
        Proposal original = (Proposal) t.body();
        if (original.isUpdate()) {
            return Verdict.refuse(RejectReason.TARGET_WRONG_TYPE,
                    "an update must name the original proposal, not another update");
        }
        if (original.kind() != update.kind()) {
            return Verdict.refuse(RejectReason.TRANSITION_NOT_ALLOWED, "a " + original.kind().wire()
                    + " cannot become a " + update.kind().wire());
        }
        String current = currentValue("SELECT status FROM proposals WHERE id = ?", update.of());
        if (current != null) {
            ProposalStatus from = WireEnum.fromWire(ProposalStatus.class, current);
            ProposalStatus to = update.status();
            if (from != to && !PROPOSAL_NEXT.get(from).contains(to)) {
                return Verdict.refuse(RejectReason.TRANSITION_NOT_ALLOWED, "a proposal cannot go from " + from.wire()
                        + " to " + to.wire() + allowedAfter(PROPOSAL_NEXT.get(from)));
            }
        }
        return Verdict.PASS;
    }

    private static String allowedAfter(Set<ProposalStatus> next) {
        return next.isEmpty() ? " (it is final)"
                : " (allowed: " + String.join(", ", next.stream().map(ProposalStatus::wire).toList()) + ")";
    }

    private Verdict commitmentUpdate(VerifiedRecord r, CommitmentUpdate u) throws SQLException {
        Target t = target(u.commitment());
        Verdict own = sameFeed(r, u.commitment(), t, RecordType.COMMITMENT);
        if (own != null) {
            return own;
        }
        String current = currentValue("SELECT status FROM commitments WHERE id = ?", u.commitment());
        if (current != null && COMMITMENT_FINAL.contains(current) && !current.equals(u.status().wire())) {
            return Verdict.refuse(RejectReason.TRANSITION_NOT_ALLOWED, "a " + current + " commitment cannot become "
                    + u.status().wire() + " (it is final)");
        }
        return u.due() == null ? Verdict.PASS : dueInRange(r, u.due());
    }

    private Verdict commitment(VerifiedRecord r, Commitment c) throws SQLException {
        Verdict due = dueInRange(r, c.due());
        if (due != Verdict.PASS) {
            return due;
        }
        Target t = target(c.proposal());
        if (t == null) {
            return Verdict.waitFor(c.proposal());
        }
        if (!RecordType.PROPOSAL.wire().equals(t.type()) || ((Proposal) t.body()).isUpdate()) {
            return Verdict.refuse(RejectReason.TARGET_WRONG_TYPE, c.proposal() + " is a " + describe(t)
                    + ", not an original proposal");
        }
        if (!t.swarm().equals(r.swarm())) {
            return Verdict.refuse(RejectReason.TARGET_OTHER_SWARM, "the proposal is in swarm " + t.swarm()
                    + ", the commitment in " + r.swarm());
        }
        return Verdict.PASS;
    }

    private Verdict attestation(VerifiedRecord r, Attestation a) throws SQLException {
        Target t = target(a.commitment());
        if (t == null) {
            return Verdict.waitFor(a.commitment());
        }
        if (!RecordType.COMMITMENT.wire().equals(t.type())) {
            return Verdict.refuse(RejectReason.TARGET_WRONG_TYPE, a.commitment() + " is a " + describe(t)
                    + ", not a commitment");
        }
        if (!t.swarm().equals(r.swarm())) {
            return Verdict.refuse(RejectReason.TARGET_OTHER_SWARM, "the commitment is in swarm " + t.swarm()
                    + ", the attestation in " + r.swarm());
        }
        if (!t.author().equals(a.committer().toBase58())) {
            return Verdict.refuse(RejectReason.COMMITTER_MISMATCH, "the commitment is " + t.author()
                    + "'s, not " + a.committer().toBase58() + "'s");
        }
        return Verdict.PASS;
    }

    /**
     * Null when {@code t} is an earlier record of {@code r}'s own feed of type {@code want} (any
     * type but a fork's if null), else the refusal.
     */
    private static Verdict sameFeed(VerifiedRecord r, RecordId id, Target t, RecordType want) {
        String author = r.author().toBase58();
        if (t == null) {
            return Verdict.refuse(RejectReason.TARGET_UNKNOWN, id + " is not an earlier record of the author's feed"
                    + " in this swarm");
        }
        if (!t.author().equals(author)) {
            return Verdict.refuse(RejectReason.NOT_TARGET_AUTHOR, id + " is " + t.author()
                    + "'s record; only its author may update or retract it");
        }
        if (!t.swarm().equals(r.swarm())) {
            return Verdict.refuse(RejectReason.TARGET_UNKNOWN, id + " is in the author's feed of swarm " + t.swarm()
                    + ", not " + r.swarm());
        }
        if (want != null && !want.wire().equals(t.type())) {
            return Verdict.refuse(RejectReason.TARGET_WRONG_TYPE, id + " is a " + t.type() + ", not a " + want.wire());
        }
        return null;
    }

    private static String describe(Target t) {
        if (RecordType.PROPOSAL.wire().equals(t.type()) && ((Proposal) t.body()).isUpdate()) {
            return "proposal update";
        }
        return t.type();
    }

    private static Verdict dueInRange(VerifiedRecord r, LocalDate due) {
        LocalDate made = Instant.ofEpochMilli(r.payload().timestampMillis()).atZone(ZoneOffset.UTC).toLocalDate();
        if (due.isBefore(made.minusDays(DUE_SLACK_DAYS))) {
            return Verdict.refuse(RejectReason.DATE_OUT_OF_RANGE, "due " + due + " is before the record was made ("
                    + made + ")");
        }
        if (due.isAfter(made.plusYears(MAX_DUE_YEARS))) {
            return Verdict.refuse(RejectReason.DATE_OUT_OF_RANGE, "due " + due + " is more than " + MAX_DUE_YEARS
                    + " years after the record was made (" + made + ")");
        }
        return Verdict.PASS;
    }

    /** The chain record {@code id} (not fork evidence), or null. */
    private Target target(RecordId id) throws SQLException {
        PreparedStatement ps = db.prepare("SELECT author, swarm, type, envelope FROM records WHERE id = ?"
                + " AND fork_evidence = 0");
        ps.setString(1, id.toString());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Target(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4)) : null;
        }
    }

    private String currentValue(String sql, RecordId id) throws SQLException {
        PreparedStatement ps = db.prepare(sql);
        ps.setString(1, id.toString());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
