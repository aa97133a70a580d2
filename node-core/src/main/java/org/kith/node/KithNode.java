package org.kith.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.kith.node.store.FeedHead;
import org.kith.node.store.IngestResult;
import org.kith.node.store.NetworkTables;
import org.kith.node.store.RecordSources;
import org.kith.node.store.RecordStore;
import org.kith.node.store.SqliteRecordStore;
import org.kith.node.store.StoreQueries;
import org.kith.node.store.StoredRecord;
import org.kith.node.store.Views;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Attestation;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.CommitmentStatus;
import org.kith.protocol.record.CommitmentUpdate;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.SwarmId;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.VerifiedRecord;
import org.kith.protocol.record.Vouch;
import org.kith.protocol.record.WireEnum;

/**
 * The node without a network: the user's identity, their store, and the actions that create
 * their own records (seq and prev assigned, signed, through the ingest door) — plus lookups
 * that resolve what a person types (id prefixes, names) to records and people.
 *
 * <p>Opened read-only (no key) or with the unlocked key. Writes to the user's own feed are
 * serialised across processes by a file lock, so two commands run at once never fork the feed.
 * Thread-safe. Close it to release the database.
 */
public final class KithNode implements AutoCloseable {

    public static final String WRITE_LOCK_FILE = "write.lock";

    private final KithHome home;
    private final PeerId self;
    private final RecordStore store;
    private final RecordSigner signer;
    private final Path writeLock;
    private volatile Consumer<VerifiedRecord> onPublished = r -> {
    };

    private KithNode(KithHome home, PeerId self, RecordStore store, RecordSigner signer, Path writeLock) {
        this.home = home;
        this.self = self;
        this.store = store;
        this.signer = signer;
        this.writeLock = writeLock;
    }

    /**
     * Opens the store of {@code identity} in {@code home}.
     *
     * @param key the unlocked key, or null for a read-only node
     */
    public static KithNode open(KithHome home, PeerId identity, Ed25519KeyPair key, Clock clock) throws KithException {
        if (key != null && !key.peerId().equals(identity)) {
            throw new KithException("the key does not belong to identity " + identity);
        }
        Path file = home.storeFile(identity);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new KithException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        RecordStore store = SqliteRecordStore.open(file, identity, clock);
        store.network().sources().attach(store);
        return new KithNode(home, identity, store, key == null ? null : new RecordSigner(key, clock),
                file.resolveSibling(WRITE_LOCK_FILE));
    }

    /**
     * Called with each record this node signs and stores, after it is durable (e.g. to hand it to
     * a running node for publishing). Runs on the publishing thread.
     */
    public void onPublished(Consumer<VerifiedRecord> listener) {
        this.onPublished = listener;
    }

    /** The data directory this node was opened from (its key file, for backups). */
    public KithHome home() {
        return home;
    }

    public PeerId self() {
        return self;
    }

    /**
     * The unlocked identity key, for the network host (Noise handshakes, signed peer records).
     *
     * @throws KithException if the node was opened read-only
     */
    public Ed25519KeyPair identityKey() throws KithException {
        if (signer == null) {
            throw new KithException("this node was opened without the identity key");
        }
        return signer.key();
    }

    public RecordStore store() {
        return store;
    }

    public StoreQueries queries() {
        return store.queries();
    }

    /**
     * Signs {@code body} as the next record of the user's feed in {@code swarm} and ingests it.
     *
     * @throws KithException if the node is read-only, or the record breaks a rule (the message
     *     names the field and the limit)
     */
    public RecordId publish(String swarm, RecordBody body) throws KithException {
        if (signer == null) {
            throw new KithException("this node was opened without the identity key");
        }
        try (FileChannel channel = FileChannel.open(writeLock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Optional<FeedHead> head = store.feedHead(self, swarm);
            long seq = head.map(h -> h.seq() + 1).orElse(1L);
            RecordId prev = head.map(FeedHead::id).orElse(null);
            var record = signer.sign(swarm, seq, prev, body);
            IngestResult result = store.network().sources().ingest(RecordSources.Origin.PUBLISHED,
                    () -> store.ingest(record));
            if (result.isRejected()) {
                throw new KithException("refused (" + result.reason().code() + "): " + result.detail());
            }
            if (result.status() != IngestResult.Status.ACCEPTED) {
                throw new KithException("the store did not take the new record: " + result.status()
                        + (result.detail() == null ? "" : " (" + result.detail() + ")"));
            }
            onPublished.accept(record);
            return record.id();
        } catch (InvalidRecordException e) {
            throw new KithException(e.detail(), e);
        } catch (IOException e) {
            throw new KithException("cannot lock " + writeLock + ": " + e.getMessage(), e);
        }
    }

    // ---- actions -------------------------------------------------------------------------

    public RecordId setProfile(Profile profile) throws KithException {
        return publish(SwarmId.PUBLIC, profile);
    }

    /** The user's current profile, if they have published one. */
    public Optional<Views.Person> profile() {
        return queries().person(self.toBase58());
    }

    public RecordId propose(Proposal proposal, String swarmName) throws KithException {
        if (proposal.isUpdate()) {
            throw new KithException("a new proposal cannot name another one");
        }
        return publish(swarmIdOf(swarmName), proposal);
    }

    /** Publishes the full new state of the user's proposal {@code id}. */
    public RecordId updateProposal(RecordId id, ProposalChange change) throws KithException {
        Views.Proposal current = queries().proposal(id.toString())
                .orElseThrow(() -> new KithException("no proposal " + id));
        if (!current.author().equals(self.toBase58())) {
            throw new KithException("only the author of a proposal may update it");
        }
        List<Proposal.Role> roles = new ArrayList<>();
        for (Views.Role r : current.roles()) {
            roles.add(new Proposal.Role(r.name(), r.skills(), r.effort()));
        }
        // Like every other field, each part of "when" not given keeps its current value: changing
        // only the place must not drop the dates (a gathering without a start is invalid).
        Proposal.When given = change.when();
        String start = given != null && given.start() != null ? given.start() : current.whenStart();
        String end = given != null && given.end() != null ? given.end() : current.whenEnd();
        String place = given != null && given.place() != null ? given.place() : current.place();
        Proposal.When when = start == null && end == null && place == null ? null : new Proposal.When(start, end, place);
        Proposal next = new Proposal(
                WireEnum.fromWire(ProposalKind.class, current.kind()),
                change.title() != null ? change.title() : current.title(),
                change.summary() != null ? change.summary() : current.summary(),
                change.details() != null ? change.details() : current.details(),
                change.roles() != null ? change.roles() : roles,
                when,
                change.tags() != null ? change.tags() : current.tags(),
                change.status() != null ? change.status() : WireEnum.fromWire(ProposalStatus.class, current.status()),
                id);
        return publish(current.swarm(), next);
    }

    /**
     * What {@link #updateProposal} changes; null fields keep their current value, and so do the
     * null parts (start, end, place) of {@code when}.
     */
    public record ProposalChange(String title, String summary, String details, List<Proposal.Role> roles,
            Proposal.When when, List<String> tags, ProposalStatus status) {
    }

    public RecordId commit(RecordId proposalId, String role, String what, LocalDate due, String effort)
            throws KithException {
        Views.Proposal proposal = queries().proposal(proposalId.toString())
                .orElseThrow(() -> new KithException("no proposal " + proposalId));
        if (role != null && proposal.roles().stream().noneMatch(r -> r.name().equals(role))) {
            throw new KithException("proposal " + shortId(proposalId) + " has no role \"" + role + "\"");
        }
        if (proposal.status().equals(ProposalStatus.COMPLETED.wire())
                || proposal.status().equals(ProposalStatus.ABANDONED.wire())) {
            throw new KithException("proposal " + shortId(proposalId) + " is " + proposal.status());
        }
        return publish(proposal.swarm(), new Commitment(proposalId, role, what, due, effort));
    }

    /**
     * Says the user will come to a gathering: a commitment to attend, due on the gathering's
     * (first) day, which its organiser can attest afterwards. Cancelling is withdrawing it.
     */
    public RecordId rsvp(RecordId gatheringId, String note, LocalDate today) throws KithException {
        Views.Proposal g = queries().proposal(gatheringId.toString())
                .orElseThrow(() -> new KithException("no proposal " + gatheringId));
        if (!g.kind().equals(ProposalKind.GATHERING.wire())) {
            throw new KithException("proposal " + shortId(gatheringId) + " is a " + g.kind()
                    + ", not a gathering; commit to it with kith commit");
        }
        LocalDate day = LocalDate.parse(g.whenStart().substring(0, 10));
        if (day.isBefore(today)) {
            throw new KithException("the gathering \"" + g.title() + "\" was on " + day);
        }
        for (Views.Commitment c : queries().commitments(g.id(), self.toBase58(), null)) {
            if (!c.status().equals(CommitmentStatus.WITHDRAWN.wire())) {
                throw new KithException("you already said you will come (commitment " + c.id().substring(0, 12)
                        + "); to cancel: kith commitment update " + c.id().substring(0, 12) + " --status withdrawn");
            }
        }
        if (g.status().equals(ProposalStatus.COMPLETED.wire()) || g.status().equals(ProposalStatus.ABANDONED.wire())) {
            throw new KithException("the gathering \"" + g.title() + "\" is " + g.status());
        }
        String what = "attend \"" + g.title() + "\"" + (note == null ? "" : ": " + note);
        return publish(g.swarm(), new Commitment(gatheringId, null, what, day, null));
    }

    public RecordId updateCommitment(RecordId commitmentId, CommitmentStatus status, LocalDate due, String note)
            throws KithException {
        Views.Commitment c = queries().commitment(commitmentId.toString())
                .orElseThrow(() -> new KithException("no commitment " + commitmentId));
        if (!c.author().equals(self.toBase58())) {
            throw new KithException("only the committer may update a commitment");
        }
        if (status == CommitmentStatus.RENEGOTIATED && due == null) {
            throw new KithException("a renegotiated commitment needs a new --due date");
        }
        if (status != CommitmentStatus.RENEGOTIATED && due != null) {
            throw new KithException("--due goes only with --status renegotiated");
        }
        return publish(c.swarm(), new CommitmentUpdate(commitmentId, status, due, note));
    }

    public RecordId attest(RecordId commitmentId, Outcome outcome, String note) throws KithException {
        Views.Commitment c = queries().commitment(commitmentId.toString())
                .orElseThrow(() -> new KithException("no commitment " + commitmentId));
        if (c.author().equals(self.toBase58())) {
            throw new KithException("you cannot attest your own commitment");
        }
        // Attestations come from those the work was for: the proposal's author and the others
        // committed to it. Anyone else's is ignored by the trust engine, so refuse it here.
        String me = self.toBase58();
        boolean author = queries().proposal(c.proposalId()).map(p -> p.author().equals(me)).orElse(false);
        if (!author && queries().commitments(c.proposalId(), me, null).isEmpty()) {
            throw new KithException("only the proposal's author and the people committed to it can attest its"
                    + " commitments");
        }
        return publish(c.swarm(), new Attestation(commitmentId, PeerId.parse(c.author()), outcome, note));
    }

    public RecordId vouch(PeerId subject, TrustLevel level, String domain, String note) throws KithException {
        if (subject.equals(self)) {
            throw new KithException("you cannot vouch for yourself");
        }
        return publish(SwarmId.PUBLIC, new Vouch(subject, level, domain, note));
    }

    public RecordId comment(RecordId target, String text) throws KithException {
        StoredRecord t = store.record(target).orElseThrow(() -> new KithException("no record " + target));
        return publish(t.payload().swarm(), new Comment(target, text));
    }

    public RecordId retract(RecordId target, String reason) throws KithException {
        StoredRecord t = store.record(target).orElseThrow(() -> new KithException("no record " + target));
        if (!t.payload().author().equals(self)) {
            throw new KithException("you can retract only your own records");
        }
        if (queries().isRetracted(target.toString())) {
            throw new KithException("record " + shortId(target) + " is already retracted");
        }
        return publish(t.payload().swarm(), new Retraction(target, reason));
    }

    // ---- resolution of what people type ---------------------------------------------------

    /** The swarm ID of a joined swarm by name ({@code public} always works). */
    public String swarmIdOf(String swarmName) throws KithException {
        String name = swarmName == null ? SwarmId.PUBLIC : swarmName;
        return queries().swarmId(name).orElseThrow(() -> new KithException("no swarm named \"" + name
                + "\"; this node has joined: " + String.join(", ", store.network().swarms().stream()
                        .map(NetworkTables.Swarm::name).toList())));
    }

    /** A stored record id from its full text or any unique prefix. */
    public RecordId resolveId(String text) throws KithException {
        String prefix = text.strip();
        if (prefix.length() < 4 || !prefix.matches("[a-z2-7]+")) {
            throw new KithException("\"" + text + "\" is not a record id (at least 4 lower-case base32 characters)");
        }
        List<RecordId> matches = store.idsWithPrefix(prefix, 2);
        if (matches.isEmpty()) {
            throw new KithException("no record with id " + prefix);
        }
        if (matches.size() > 1) {
            throw new KithException("id prefix " + prefix + " is ambiguous; give more characters");
        }
        return matches.get(0);
    }

    /** A person from a full peer ID, a unique peer ID prefix, or a unique profile name. */
    public PeerId resolvePerson(String text) throws KithException {
        String t = text.strip();
        try {
            return PeerId.parse(t);
        } catch (IllegalArgumentException e) {
            // not a full peer ID: try a name, then a prefix
        }
        List<Views.Person> named = queries().peopleNamed(t);
        if (named.size() == 1) {
            return PeerId.parse(named.get(0).peerId());
        }
        if (named.size() > 1) {
            throw new KithException("several people are named \"" + t + "\"; use a peer ID");
        }
        List<String> prefixed = t.length() >= 6 ? queries().authorsWithPrefix(t) : List.of();
        if (prefixed.size() == 1) {
            return PeerId.parse(prefixed.get(0));
        }
        throw new KithException(prefixed.size() > 1 ? "peer ID prefix " + t + " is ambiguous"
                : "no person \"" + t + "\" known to this node");
    }

    public static String shortId(RecordId id) {
        return id.toString().substring(0, 12);
    }

    @Override
    public void close() {
        store.close();
        if (signer != null) {
            signer.key().destroy();
        }
    }
}
