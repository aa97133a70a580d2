package org.kith.node.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.store.StoredRecord;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.CommitmentStatus;
import org.kith.protocol.record.CommitmentUpdate;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordVerifier;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.VerifiedRecord;

/**
 * The credits of a proposal: who committed to what, what became of it, who attested the outcome.
 *
 * <p>Everything here is a function of a set of signed records alone ({@link #derive}): the
 * proposal and its author's updates, the commitments to it (in its swarm) with their committers'
 * updates, the attestations of those commitments by others, and the retractions of any of them.
 * So a node derives the credits from its store, and anyone derives the same credits from the
 * records of a credits bundle: the {@link #summary() summary} in a bundle is checked that way.
 * Names are not part of it (profiles are not in the bundle); callers add them for display.
 */
public final class Credits {

    /** Version tag of the summary object. */
    public static final String SUMMARY_VERSION = "kith-credits/1";
    /** What the exporter's detached signature covers starts with this line. */
    static final String SIGNING_PREFIX = "kith-credits-bundle:v1\n";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stored records were verified when stored; re-reading them never trips the future-ts check. */
    private static final RecordVerifier STORED = new RecordVerifier(Clock.fixed(Instant.ofEpochMilli(Long.MAX_VALUE / 2),
            java.time.ZoneOffset.UTC));

    /** The proposal in its current state (the author's latest update not retracted). */
    public record ProposalState(String id, String author, String swarm, String kind, String title, String status,
            String latestId, List<String> updates, String retractedBy) {
    }

    /** One update by the committer. {@code due} is set for renegotiations. */
    public record Update(String id, String status, String due, String note, String retractedBy) {
    }

    public record AttestationEntry(String id, String author, String outcome, String note, long createdMillis,
            String retractedBy) {
    }

    /**
     * A commitment in its current state. {@code what}, {@code due} and the rest are null when it
     * is retracted (its content is hidden; its id and author stay).
     */
    public record CommitmentEntry(String id, String author, String role, String what, String due, String effort,
            String status, boolean delivered, String note, long createdMillis, String retractedBy,
            List<Update> updates, List<AttestationEntry> attestations) {
    }

    private final ProposalState proposal;
    private final List<CommitmentEntry> commitments;
    /** The records the credits are derived from, in bundle order. */
    private final List<VerifiedRecord> records;

    private Credits(ProposalState proposal, List<CommitmentEntry> commitments, List<VerifiedRecord> records) {
        this.proposal = proposal;
        this.commitments = List.copyOf(commitments);
        this.records = List.copyOf(records);
    }

    public ProposalState proposal() {
        return proposal;
    }

    public List<CommitmentEntry> commitments() {
        return commitments;
    }

    /** The signed records behind these credits, in bundle order (each exactly once). */
    public List<VerifiedRecord> records() {
        return records;
    }

    // ---- from a node's store ---------------------------------------------------------------

    /**
     * The credits of proposal {@code id} as this node knows them.
     *
     * @throws KithException if {@code id} is not a proposal (or is an update of one), or the
     *     proposal was retracted
     */
    public static Credits of(KithNode node, RecordId id) throws KithException {
        StoredRecord stored = node.store().record(id).orElseThrow(() -> new KithException("no record " + id));
        if (stored.forkEvidence()) {
            throw new KithException("record " + KithNode.shortId(id) + " is fork evidence, outside its author's chain");
        }
        if (!(stored.payload().body() instanceof Proposal p)) {
            throw new KithException("record " + KithNode.shortId(id) + " is a " + stored.payload().type()
                    + ", not a proposal");
        }
        if (p.isUpdate()) {
            throw new KithException("record " + KithNode.shortId(id) + " is an update of proposal "
                    + KithNode.shortId(p.of()) + "; give the original proposal's id");
        }
        List<VerifiedRecord> pool = new ArrayList<>();
        pool.add(reread(stored));
        List<RecordId> commitmentIds = new ArrayList<>();
        for (StoredRecord r : node.store().network().sources().recordsMentioning(List.of(id))) {
            if (!r.forkEvidence()) {
                pool.add(reread(r));
                if (r.payload().body() instanceof Commitment) {
                    commitmentIds.add(r.id());
                }
            }
        }
        if (!commitmentIds.isEmpty()) {
            for (StoredRecord r : node.store().network().sources().recordsMentioning(commitmentIds)) {
                if (!r.forkEvidence()) {
                    pool.add(reread(r));
                }
            }
        }
        // Retractions of updates and attestations name those, not the proposal or a commitment.
        List<RecordId> others = new ArrayList<>();
        for (VerifiedRecord r : pool) {
            if (!(r.body() instanceof Retraction) && !r.id().equals(id) && !commitmentIds.contains(r.id())) {
                others.add(r.id());
            }
        }
        for (String retraction : node.store().network().sources().retractionsOf(others)) {
            node.store().record(RecordId.parse(retraction)).ifPresent(r -> pool.add(reread(r)));
        }
        Credits credits = derive(id, pool);
        if (credits.proposal().retractedBy() != null) {
            throw new KithException("proposal " + KithNode.shortId(id) + " was retracted by its author");
        }
        return credits;
    }

    private static VerifiedRecord reread(StoredRecord r) {
        try {
            return STORED.verify(r.envelope());
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("stored record " + r.id() + " no longer verifies: " + e.getMessage(), e);
        }
    }

    // ---- from records alone ------------------------------------------------------------------

    /**
     * The credits of proposal {@code proposalId} from {@code pool}: records that do not belong
     * to them are ignored (and left out of {@link #records()}).
     *
     * @throws IllegalArgumentException if the pool lacks the proposal
     */
    public static Credits derive(RecordId proposalId, Collection<VerifiedRecord> pool) {
        Map<RecordId, VerifiedRecord> byId = new LinkedHashMap<>();
        for (VerifiedRecord r : pool) {
            byId.putIfAbsent(r.id(), r);
        }
        VerifiedRecord original = byId.get(proposalId);
        if (original == null || !(original.body() instanceof Proposal op) || op.isUpdate()) {
            throw new IllegalArgumentException("the records hold no proposal " + proposalId);
        }
        String swarm = original.swarm();
        PeerId author = original.author();
        // Retractions count only by the retracted record's own author (every node's ingest checks this).
        Map<RecordId, VerifiedRecord> retractionOf = new HashMap<>();
        for (VerifiedRecord r : byId.values()) {
            if (r.body() instanceof Retraction rt) {
                VerifiedRecord target = byId.get(rt.target());
                if (target != null && target.author().equals(r.author()) && target.swarm().equals(r.swarm())) {
                    VerifiedRecord old = retractionOf.get(rt.target());
                    if (old == null || BY_TIME.compare(r, old) < 0) {
                        retractionOf.put(rt.target(), r);
                    }
                }
            }
        }
        Set<VerifiedRecord> used = new LinkedHashSet<>();

        // The proposal and its author's updates, in feed order.
        List<VerifiedRecord> updates = byId.values().stream()
                .filter(r -> r.body() instanceof Proposal p && p.isUpdate() && p.of().equals(proposalId)
                        && r.author().equals(author) && r.swarm().equals(swarm))
                .sorted(Comparator.comparingLong(VerifiedRecord::seq).thenComparing(r -> r.id().toString()))
                .toList();
        used.add(original);
        used.addAll(updates);
        VerifiedRecord latest = original;
        for (VerifiedRecord u : updates) {
            if (!retractionOf.containsKey(u.id())) {
                latest = u;
            }
        }
        Proposal state = (Proposal) latest.body();
        String proposalRetracted = idOf(retractionOf.get(proposalId));
        ProposalState proposal = new ProposalState(proposalId.toString(), author.toBase58(), swarm,
                state.kind().wire(), proposalRetracted != null ? null : state.title(),
                proposalRetracted != null ? null : state.status().wire(), latest.id().toString(),
                updates.stream().map(u -> u.id().toString()).toList(), proposalRetracted);

        List<VerifiedRecord> commitmentRecords = byId.values().stream()
                .filter(r -> r.body() instanceof Commitment c && c.proposal().equals(proposalId) && r.swarm().equals(swarm))
                .sorted(BY_TIME).toList();
        List<CommitmentEntry> commitments = new ArrayList<>();
        List<VerifiedRecord> commitmentSide = new ArrayList<>();
        for (VerifiedRecord cr : commitmentRecords) {
            Commitment c = (Commitment) cr.body();
            commitmentSide.add(cr);
            List<VerifiedRecord> cUpdates = byId.values().stream()
                    .filter(r -> r.body() instanceof CommitmentUpdate u && u.commitment().equals(cr.id())
                            && r.author().equals(cr.author()) && r.swarm().equals(cr.swarm()))
                    .sorted(Comparator.comparingLong(VerifiedRecord::seq).thenComparing(r -> r.id().toString()))
                    .toList();
            commitmentSide.addAll(cUpdates);
            String status = "open";
            String due = c.due().toString();
            String note = null;
            List<Update> updateEntries = new ArrayList<>();
            for (VerifiedRecord ur : cUpdates) {
                CommitmentUpdate u = (CommitmentUpdate) ur.body();
                String retracted = idOf(retractionOf.get(ur.id()));
                updateEntries.add(retracted != null ? new Update(ur.id().toString(), null, null, null, retracted)
                        : new Update(ur.id().toString(), u.status().wire(), u.due() == null ? null : u.due().toString(),
                                u.note(), null));
                if (retracted == null) {
                    status = u.status().wire();
                    note = u.note();
                    if (u.due() != null) {
                        due = u.due().toString();
                    }
                }
            }
            List<VerifiedRecord> attestationRecords = byId.values().stream()
                    .filter(r -> r.body() instanceof Attestation a && a.commitment().equals(cr.id())
                            && a.committer().equals(cr.author()) && !r.author().equals(cr.author())
                            && r.swarm().equals(cr.swarm()))
                    .sorted(BY_TIME).toList();
            commitmentSide.addAll(attestationRecords);
            List<AttestationEntry> attestations = new ArrayList<>();
            for (VerifiedRecord ar : attestationRecords) {
                Attestation a = (Attestation) ar.body();
                String retracted = idOf(retractionOf.get(ar.id()));
                attestations.add(new AttestationEntry(ar.id().toString(), ar.author().toBase58(),
                        retracted != null ? null : a.outcome().wire(), retracted != null ? null : a.note(),
                        ar.payload().timestampMillis(), retracted));
            }
            String retracted = idOf(retractionOf.get(cr.id()));
            if (retracted != null) {
                commitments.add(new CommitmentEntry(cr.id().toString(), cr.author().toBase58(), null, null, null, null,
                        null, false, null, cr.payload().timestampMillis(), retracted, updateEntries, attestations));
            } else {
                commitments.add(new CommitmentEntry(cr.id().toString(), cr.author().toBase58(), c.role(), c.what(), due,
                        c.effort(), status, CommitmentStatus.DELIVERED.wire().equals(status), note,
                        cr.payload().timestampMillis(), null, updateEntries, attestations));
            }
        }
        used.addAll(commitmentSide);
        // Each record, then the retraction of it, if any: a reader sees what was withdrawn where.
        List<VerifiedRecord> ordered = new ArrayList<>();
        for (VerifiedRecord r : used) {
            ordered.add(r);
            VerifiedRecord retraction = retractionOf.get(r.id());
            if (retraction != null) {
                ordered.add(retraction);
            }
        }
        return new Credits(proposal, commitments, ordered);
    }

    /** Earliest author's clock first, then id: the same order on every node. */
    private static final Comparator<VerifiedRecord> BY_TIME = Comparator
            .comparingLong((VerifiedRecord r) -> r.payload().timestampMillis()).thenComparing(r -> r.id().toString());

    private static String idOf(VerifiedRecord r) {
        return r == null ? null : r.id().toString();
    }

    // ---- the summary object of a credits bundle --------------------------------------------

    /**
     * The summary as a JSON object with a fixed field order and no floating-point numbers: the
     * compact text of it ({@link #canonical}) is what the exporter's signature covers.
     */
    public ObjectNode summary() {
        ObjectNode s = JSON.createObjectNode();
        s.put("version", SUMMARY_VERSION);
        ObjectNode p = s.putObject("proposal");
        p.put("id", proposal.id());
        p.put("author", proposal.author());
        p.put("swarm", proposal.swarm());
        p.put("kind", proposal.kind());
        p.put("title", proposal.title());
        p.put("status", proposal.status());
        p.put("latest", proposal.latestId());
        ArrayNode u = p.putArray("updates");
        proposal.updates().forEach(u::add);
        p.put("retractedBy", proposal.retractedBy());
        ArrayNode cs = s.putArray("commitments");
        for (CommitmentEntry c : commitments) {
            ObjectNode o = cs.addObject();
            o.put("id", c.id());
            o.put("author", c.author());
            o.put("role", c.role());
            o.put("what", c.what());
            o.put("due", c.due());
            o.put("effort", c.effort());
            o.put("status", c.status());
            o.put("delivered", c.delivered());
            o.put("note", c.note());
            o.put("ts", c.createdMillis());
            o.put("retractedBy", c.retractedBy());
            ArrayNode us = o.putArray("updates");
            for (Update up : c.updates()) {
                ObjectNode uo = us.addObject();
                uo.put("id", up.id());
                uo.put("status", up.status());
                uo.put("due", up.due());
                uo.put("note", up.note());
                uo.put("retractedBy", up.retractedBy());
            }
            ArrayNode as = o.putArray("attestations");
            for (AttestationEntry a : c.attestations()) {
                ObjectNode ao = as.addObject();
                ao.put("id", a.id());
                ao.put("author", a.author());
                ao.put("outcome", a.outcome());
                ao.put("note", a.note());
                ao.put("ts", a.createdMillis());
                ao.put("retractedBy", a.retractedBy());
            }
        }
        return s;
    }

    /** Compact JSON text of a summary node. */
    public static String canonical(JsonNode summary) {
        try {
            return JSON.writeValueAsString(summary);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a summary always serialises", e);
        }
    }

    /**
     * What the exporter signs: the signer, the export time, the proposal, every record id in
     * bundle order, and the canonical summary. The record ids bind the exact signed payloads;
     * the summary is also checked against the records, so any edit of either fails.
     */
    public static byte[] signingInput(String signer, String exported, String proposalId, List<String> recordIds,
            JsonNode summary) {
        StringBuilder sb = new StringBuilder(SIGNING_PREFIX);
        sb.append("signer ").append(signer).append('\n');
        sb.append("exported ").append(exported).append('\n');
        sb.append("proposal ").append(proposalId).append('\n');
        for (String id : recordIds) {
            sb.append("record ").append(id).append('\n');
        }
        sb.append("summary ").append(canonical(summary)).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
