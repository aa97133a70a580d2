package org.kith.ui.projects;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.util.Duration;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.store.FeedHead;
import org.kith.node.store.NetworkTables;
import org.kith.node.store.RecordSources;
import org.kith.node.store.StoredRecord;
import org.kith.node.store.Views;
import org.kith.node.trust.TrustResult;
import org.kith.node.workflow.Provenance;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.CommitmentStatus;
import org.kith.protocol.record.Limits;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.Retraction;
import org.kith.protocol.record.SwarmId;
import org.kith.protocol.record.VerifiedRecord;
import org.kith.protocol.record.WireEnum;
import org.kith.ui.app.NodeSession;
import org.kith.ui.fx.Fx;
import org.kith.ui.shell.Screen;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.Selectable;
import org.kith.ui.shell.ShellController;

/**
 * Projects and gatherings: the board (every proposal held, filtered in memory by status, text,
 * kind, skill, tag, swarm and "mine"), the detail of one proposal, and the forms that create,
 * update, commit to, RSVP to and comment on proposals.
 *
 * <p>All node work runs through {@link NodeSession#call}; results land in the model on the FX
 * thread. Records arriving while the app runs update the board incrementally: the proposals they
 * name are reloaded one by one (a retraction, or a burst of more than {@link #FULL_RELOAD_AFTER},
 * reloads everything), at most every {@link #COALESCE_MILLIS} ms.
 */
public final class ProjectsController implements Screen, Selectable {

    /** Pending proposals beyond which a full reload is cheaper than one query each. */
    static final int FULL_RELOAD_AFTER = 500;
    /** Records arriving within this window are applied together. */
    static final int COALESCE_MILLIS = 150;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final NodeSession session;
    private final ShellController shell;
    private final ProjectsModel model = new ProjectsModel();
    private final ProjectsView view;

    private final Set<String> pendingProposals = ConcurrentHashMap.newKeySet();
    private final Set<String> pendingAuthors = ConcurrentHashMap.newKeySet();
    private final Set<String> pendingCommitted = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pendingFull = new AtomicBoolean();
    private final AtomicBoolean pendingDetail = new AtomicBoolean();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private PauseTransition coalesce;
    private boolean loaded;
    private int detailRequest;
    private int boardRequest;

    /** @param shell for links to other screens (may be null in tests) */
    public ProjectsController(NodeSession session, ShellController shell) {
        this.session = session;
        this.shell = shell;
        this.view = new ProjectsView(model, this);
        session.onRecord(this::recordArrived);
    }

    @Override
    public Node root() {
        return view.root();
    }

    @Override
    public void onShow() {
        if (!loaded) {
            loaded = true;
            reloadAll();
        }
        view.focusList();
    }

    /** Shows the proposal {@code id} (its record id) in the detail pane. */
    @Override
    public void select(String id) {
        if (!loaded) {
            onShow();
        }
        model.selectedId.set(id);
        model.pane.set(ProjectsModel.Pane.DETAIL);
        model.committingTo.set(null);
        model.chainCheck.set(null);
        loadDetail(id);
    }

    ProjectsModel model() {
        return model;
    }

    LocalDate today() {
        return LocalDate.now(session.clock());
    }

    // ---- the board ------------------------------------------------------------------------

    /** The user changed a filter (the model holds the new values): re-filter in memory. */
    void onFilter() {
        applyFilters();
    }

    void applyFilters() {
        String q = model.search.get() == null ? "" : model.search.get().strip().toLowerCase(Locale.ROOT);
        String[] words = q.isEmpty() ? new String[0] : q.split("\\s+");
        String kind = model.kind.get();
        String skill = model.skill.get();
        String tag = model.tag.get();
        String swarm = model.swarm.get();
        boolean mine = model.mine.get();
        String self = session.self();
        ProposalStatus status = model.status.get();
        int[] counts = new int[ProposalStatus.values().length];
        int total = 0;
        List<ProposalRow> out = new ArrayList<>();
        for (ProposalRow r : model.all) {
            if (kind != null && !kind.equals(r.kind())
                    || skill != null && r.skills().stream().noneMatch(skill::equalsIgnoreCase)
                    || tag != null && r.tags().stream().noneMatch(tag::equalsIgnoreCase)
                    || swarm != null && !swarm.equals(r.swarm())
                    || mine && !r.author().equals(self) && !model.committed.contains(r.id())
                    || !containsAll(r.haystack(), words)) {
                continue;
            }
            ProposalStatus s = WireEnum.fromWire(ProposalStatus.class, r.status());
            total++;
            if (s != null) {
                counts[s.ordinal()]++;
            }
            if (status == null || status == s) {
                out.add(r);
            }
        }
        model.held.set(model.all.size());
        model.total.set(total);
        for (ProposalStatus s : ProposalStatus.values()) {
            model.counts.get(s).set(counts[s.ordinal()]);
        }
        model.visible.setAll(out);
    }

    private static boolean containsAll(String haystack, String[] words) {
        for (String w : words) {
            if (!haystack.contains(w)) {
                return false;
            }
        }
        return true;
    }

    /** Loads every proposal (first show, retractions, bursts). */
    void reloadAll() {
        int request = ++boardRequest;
        model.loading.set(true);
        Fx.whenDone(call(this::loadBoard), (board, e) -> {
            if (request != boardRequest) {
                return;
            }
            model.loading.set(false);
            if (e != null) {
                model.boardError.set("Could not load the proposals: " + Fx.message(e));
                return;
            }
            model.boardError.set(null);
            model.all.clear();
            model.all.addAll(board.rows());
            model.committed.clear();
            model.committed.addAll(board.committed());
            model.swarms.setAll(board.swarms());
            refreshChoices();
            applyFilters();
        });
    }

    private record Board(List<ProposalRow> rows, Set<String> committed, List<ProjectsModel.SwarmChoice> swarms) {
    }

    private Board loadBoard(KithNode node) {
        Map<String, String> names = names(node);
        TrustResult trust = session.trust().result();
        List<ProposalRow> rows = new ArrayList<>();
        for (Views.Proposal p : node.queries().proposals(Views.ProposalFilter.ALL)) {
            rows.add(row(p, names, trust));
        }
        Set<String> committed = new HashSet<>();
        for (Views.Commitment c : node.queries().commitments(null, session.self(), null)) {
            committed.add(c.proposalId());
        }
        List<ProjectsModel.SwarmChoice> swarms = new ArrayList<>();
        for (NetworkTables.Swarm s : session.swarms().list()) {
            swarms.add(new ProjectsModel.SwarmChoice(s.name(), s.swarmId()));
        }
        return new Board(rows, committed, swarms);
    }

    private static Map<String, String> names(KithNode node) {
        Map<String, String> names = new HashMap<>();
        for (Views.Person p : node.queries().people()) {
            names.put(p.peerId(), p.name());
        }
        return names;
    }

    private ProposalRow row(Views.Proposal p, Map<String, String> names, TrustResult trust) {
        String authorName = names.getOrDefault(p.author(), shortPeer(p.author()));
        Set<String> skills = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        List<String> roleText = new ArrayList<>();
        for (Views.Role r : p.roles()) {
            skills.addAll(r.skills());
            roleText.add(r.name());
            roleText.addAll(r.skills());
        }
        boolean byMe = p.author().equals(session.self());
        double t = byMe ? 1.0 : trust.normalizedTrust(p.author());
        return new ProposalRow(p.id(), p.title(), p.summary(), p.kind(), p.status(), p.author(), authorName, byMe, t,
                p.roles().size(), List.copyOf(skills), p.tags(), p.swarm(), p.whenStart(), p.place(),
                p.createdMillis(), ProposalRow.haystack(p.title(), p.summary(), p.details(), p.tags(), roleText,
                        p.place(), authorName));
    }

    static String shortPeer(String peerId) {
        return peerId.substring(0, Math.min(12, peerId.length())) + "…";
    }

    /** The skills and tags offered by the filters: those of the proposals held. */
    private void refreshChoices() {
        Set<String> skills = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Set<String> tags = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (ProposalRow r : model.all) {
            skills.addAll(r.skills());
            tags.addAll(r.tags());
        }
        if (!model.skills.equals(List.copyOf(skills))) {
            model.skills.setAll(skills);
        }
        if (!model.tags.equals(List.copyOf(tags))) {
            model.tags.setAll(tags);
        }
    }

    // ---- records arriving -----------------------------------------------------------------

    /** On a node thread: notes what the record changes, then schedules one refresh. */
    private void recordArrived(VerifiedRecord r) {
        if (r.body() instanceof Proposal p) {
            pendingProposals.add(p.isUpdate() ? p.of().toString() : r.id().toString());
        } else if (r.body() instanceof Profile) {
            pendingAuthors.add(r.author().toBase58());
        } else if (r.body() instanceof Commitment c && r.author().toBase58().equals(session.self())) {
            pendingCommitted.add(c.proposal().toString());
        } else if (r.body() instanceof Retraction) {
            pendingFull.set(true);
        }
        // Any record may change the open detail (a commitment, comment, update, profile): reload it.
        pendingDetail.set(true);
        if (scheduled.compareAndSet(false, true)) {
            Fx.run(() -> {
                if (coalesce == null) {
                    coalesce = new PauseTransition(Duration.millis(COALESCE_MILLIS));
                    coalesce.setOnFinished(e -> applyArrivals());
                }
                coalesce.playFromStart();
            });
        }
    }

    private void applyArrivals() {
        scheduled.set(false);
        if (pendingDetail.getAndSet(false) && model.pane.get() == ProjectsModel.Pane.DETAIL
                && model.selectedId.get() != null) {
            loadDetail(model.selectedId.get());
        }
        if (!loaded) {
            pendingProposals.clear();
            pendingAuthors.clear();
            pendingCommitted.clear();
            pendingFull.set(false);
            return;
        }
        model.committed.addAll(drain(pendingCommitted));
        if (pendingFull.getAndSet(false) || pendingProposals.size() > FULL_RELOAD_AFTER) {
            pendingProposals.clear();
            pendingAuthors.clear();
            reloadAll();
            return;
        }
        List<String> ids = drain(pendingProposals);
        Set<String> authors = new HashSet<>(drain(pendingAuthors));
        if (ids.isEmpty() && authors.isEmpty()) {
            applyFilters();
            return;
        }
        Set<String> rowsByAuthors = new HashSet<>();
        for (ProposalRow r : model.all) {
            if (authors.contains(r.author())) {
                rowsByAuthors.add(r.id());
            }
        }
        rowsByAuthors.addAll(ids);
        Fx.whenDone(call(node -> {
            Map<String, String> names = new HashMap<>();
            TrustResult trust = session.trust().result();
            List<ProposalRow> rows = new ArrayList<>();
            for (String id : rowsByAuthors) {
                Optional<Views.Proposal> p = node.queries().proposal(id);
                if (p.isPresent()) {
                    String a = p.get().author();
                    if (!names.containsKey(a)) {
                        names.put(a, node.queries().person(a).map(Views.Person::name).orElse(shortPeer(a)));
                    }
                    rows.add(row(p.get(), names, trust));
                }
            }
            return rows;
        }), (rows, e) -> {
            if (e != null) {
                model.boardError.set("Could not load new proposals: " + Fx.message(e));
                return;
            }
            upsert(rows);
        });
    }

    private static List<String> drain(Set<String> set) {
        List<String> out = new ArrayList<>(set);
        set.removeAll(out);
        return out;
    }

    /** Puts {@code rows} into the board in place of the rows with their ids, newest first. */
    void upsert(List<ProposalRow> rows) {
        Map<String, ProposalRow> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        List<ProposalRow> next = new ArrayList<>(model.all.size() + rows.size());
        for (ProposalRow r : model.all) {
            next.add(byId.containsKey(r.id()) ? byId.remove(r.id()) : r);
        }
        next.addAll(byId.values());
        next.sort(Comparator.comparingLong(ProposalRow::createdMillis).reversed().thenComparing(ProposalRow::id));
        model.all.clear();
        model.all.addAll(next);
        refreshChoices();
        applyFilters();
    }

    // ---- the detail -----------------------------------------------------------------------

    void loadDetail(String id) {
        int request = ++detailRequest;
        model.detailLoading.set(true);
        Fx.whenDone(call(node -> detail(node, id)), (d, e) -> {
            if (request != detailRequest) {
                return;
            }
            model.detailLoading.set(false);
            if (e != null) {
                model.detail.set(null);
                model.detailError.set(Fx.message(e));
                return;
            }
            if (model.detail.get() == null || !model.detail.get().proposal().id().equals(d.proposal().id())) {
                model.detailError.set(null);
            }
            model.detail.set(d);
        });
    }

    private ProposalDetail detail(KithNode node, String id) throws KithException {
        Views.Proposal p = node.queries().proposal(id).orElseThrow(() -> new KithException(
                "This proposal is not on this node (it may have been retracted)."));
        String self = session.self();
        TrustResult trust = session.trust().result();
        Map<String, String> names = new HashMap<>();
        java.util.function.Function<String, String> name = peer -> names.computeIfAbsent(peer,
                k -> node.queries().person(k).map(Views.Person::name).orElse(shortPeer(k)));
        String author = name.apply(p.author()) + " · " + TrustText.of(trust, p.author(), self);
        String swarmName = p.swarm().equals(SwarmId.PUBLIC) ? "public" : session.swarms().list().stream()
                .filter(s -> s.swarmId().equals(p.swarm())).map(NetworkTables.Swarm::name).findFirst()
                .orElse("a swarm not joined");
        List<ProposalDetail.CommitmentLine> commitments = new ArrayList<>();
        String myRsvp = null;
        boolean gathering = ProposalKind.GATHERING.wire().equals(p.kind());
        for (Views.Commitment c : node.queries().commitments(id, null, null)) {
            boolean mine = c.author().equals(self);
            String who = name.apply(c.author()) + (mine ? " (you)" : " · " + TrustText.of(trust, c.author(), self));
            commitments.add(new ProposalDetail.CommitmentLine(c.id(), who, c.role(), c.what(), c.due(), c.effort(),
                    c.status(), mine));
            if (gathering && mine && c.role() == null && !CommitmentStatus.WITHDRAWN.wire().equals(c.status())) {
                myRsvp = c.id();
            }
        }
        List<ProposalDetail.CommentLine> comments = new ArrayList<>();
        for (Views.Comment c : node.queries().comments(id)) {
            comments.add(new ProposalDetail.CommentLine(c.id(), name.apply(c.author()), c.text(),
                    when(c.createdMillis())));
        }
        return new ProposalDetail(p, author, swarmName, p.author().equals(self), myRsvp, commitments, comments,
                provenance(node, p, name.apply(p.author())));
    }

    private String when(long millis) {
        return WHEN.format(Instant.ofEpochMilli(millis).atZone(zone()));
    }

    private ZoneId zone() {
        return session.clock().getZone();
    }

    /** Where this node first got the proposal and where it sits in its author's chain (cheap reads only). */
    private String provenance(KithNode node, Views.Proposal p, String authorName) {
        RecordId id = RecordId.parse(p.id());
        Optional<StoredRecord> r = node.store().record(id);
        if (r.isEmpty()) {
            return "";
        }
        long seq = r.get().payload().seq();
        long head = node.store().feedHead(r.get().payload().author(), p.swarm()).map(FeedHead::seq).orElse(seq);
        Optional<RecordSources.Source> src = node.store().network().sources().source(p.id());
        String first = src.map(s -> "First received " + when(s.receivedAtMillis()) + " " + switch (s.via()) {
            case "publish" -> "(published here)";
            case "import" -> "from the file " + s.detail();
            default -> "from " + node.queries().person(s.source()).map(Views.Person::name)
                    .orElse(shortPeer(s.source())) + " by " + s.via();
        }).orElse("First received " + when(r.get().receivedAtMillis()));
        return first + " · record " + seq + " of " + head + " in " + authorName + "'s feed";
    }

    /** Re-verifies the author's chain up to the proposal ({@link Provenance}: seconds on long feeds). */
    void onVerifyChain() {
        String id = model.selectedId.get();
        if (id == null) {
            return;
        }
        model.chainCheck.set("Checking the author's chain…");
        Fx.whenDone(call(node -> Provenance.of(node, RecordId.parse(id))), (report, e) -> {
            if (!id.equals(model.selectedId.get())) {
                return;
            }
            if (e != null) {
                model.chainCheck.set("Chain check failed: " + Fx.message(e));
            } else if (report.chain().verified()) {
                String independent = report.earliestIndependentCitation() == null ? ""
                        : "; first cited by someone else on " + when(report.earliestIndependentCitation().tsMillis());
                model.chainCheck.set("Chain verified: records 1 to " + report.chain().seq()
                        + " are signed and linked" + independent);
            } else {
                model.chainCheck.set("Chain not verified: " + report.chain().problem());
            }
        });
    }

    // ---- create and update ----------------------------------------------------------------

    void onNew() {
        model.formErrors.clear();
        model.formError.set(null);
        model.pane.set(ProjectsModel.Pane.CREATE);
    }

    void onEdit() {
        ProposalDetail d = model.detail.get();
        if (d == null || !d.mine()) {
            return;
        }
        model.formErrors.clear();
        model.formError.set(null);
        model.pane.set(ProjectsModel.Pane.EDIT);
    }

    void onCancelForm() {
        model.formErrors.clear();
        model.formError.set(null);
        model.pane.set(model.selectedId.get() != null ? ProjectsModel.Pane.DETAIL : ProjectsModel.Pane.EMPTY);
    }

    /** Publishes a new proposal if the draft is valid; else shows its errors. */
    void onPublish(ProposalDraft draft) {
        if (model.busy.get()) {
            return;
        }
        ProposalValidation.Result v = ProposalValidation.validate(draft, today(), null);
        model.formErrors.clear();
        model.formError.set(null);
        if (!v.ok()) {
            model.formErrors.putAll(v.errors());
            return;
        }
        String swarm = draft.swarm() == null ? SwarmId.PUBLIC : draft.swarm();
        model.busy.set(true);
        Fx.whenDone(call(node -> node.propose(v.proposal(), swarm)), (id, e) -> {
            model.busy.set(false);
            if (e != null) {
                model.formError.set("Not published: " + Fx.message(e));
                return;
            }
            select(id.toString());
        });
    }

    /** Publishes the new full state of the proposal being edited, if valid. */
    void onSaveEdit(ProposalDraft draft) {
        ProposalDetail d = model.detail.get();
        if (model.busy.get() || d == null) {
            return;
        }
        Views.Proposal original = d.proposal();
        ProposalValidation.Result v = ProposalValidation.validate(draft, today(), original);
        model.formErrors.clear();
        model.formError.set(null);
        if (!v.ok()) {
            model.formErrors.putAll(v.errors());
            return;
        }
        model.busy.set(true);
        Fx.whenDone(call(node -> {
            if (!original.author().equals(session.self())) {
                throw new KithException("only the author of a proposal may update it");
            }
            return node.publish(original.swarm(), v.proposal());
        }), (id, e) -> {
            model.busy.set(false);
            if (e != null) {
                model.formError.set("Not saved: " + Fx.message(e));
                return;
            }
            select(original.id());
        });
    }

    /** Moves the user's proposal to {@code to} (the view offers only {@link Lifecycle#next} moves). */
    void onMoveStatus(ProposalStatus to) {
        ProposalDetail d = model.detail.get();
        if (d == null || !d.mine()) {
            return;
        }
        ProposalStatus from = WireEnum.fromWire(ProposalStatus.class, d.proposal().status());
        if (!Lifecycle.next(from).contains(to)) {
            model.detailError.set("The status cannot go from " + from.wire() + " to " + to.wire());
            return;
        }
        String id = d.proposal().id();
        act(node -> node.updateProposal(RecordId.parse(id), new KithNode.ProposalChange(null, null, null, null, null,
                null, to)), id);
    }

    // ---- commit, RSVP, comment ------------------------------------------------------------

    /** Opens the commit form for {@code role} ("" for a commitment without a role). */
    void onOpenCommit(String role) {
        model.commitErrors.clear();
        model.committingTo.set(role);
    }

    void onCancelCommit() {
        model.commitErrors.clear();
        model.committingTo.set(null);
    }

    void onCommit(String what, String due, String effort) {
        ProposalDetail d = model.detail.get();
        String role = model.committingTo.get();
        if (d == null || role == null || model.busy.get()) {
            return;
        }
        CommitValidation.Result v = CommitValidation.validate(what, due, effort, today());
        model.commitErrors.clear();
        if (!v.ok()) {
            model.commitErrors.putAll(v.errors());
            return;
        }
        String id = d.proposal().id();
        model.busy.set(true);
        Fx.whenDone(call(node -> node.commit(RecordId.parse(id), role.isEmpty() ? null : role, v.what(),
                v.due(), v.effort())), (cid, e) -> {
                    model.busy.set(false);
                    if (e != null) {
                        model.commitErrors.put("node", "Not committed: " + Fx.message(e));
                        return;
                    }
                    model.committingTo.set(null);
                    model.committed.add(id);
                    loadDetail(id);
                });
    }

    void onRsvp(String note) {
        ProposalDetail d = model.detail.get();
        if (d == null) {
            return;
        }
        String n = note == null || note.isBlank() ? null : note.strip();
        if (n != null && Checks.length(n) > 200) {
            model.detailError.set("The note is too long (at most 200 characters)");
            return;
        }
        String id = d.proposal().id();
        act(node -> node.rsvp(RecordId.parse(id), n, today()), id);
    }

    void onCancelRsvp() {
        ProposalDetail d = model.detail.get();
        if (d == null || d.myRsvp() == null) {
            return;
        }
        String rsvp = d.myRsvp();
        act(node -> node.updateCommitment(RecordId.parse(rsvp), CommitmentStatus.WITHDRAWN, null, "cannot come"),
                d.proposal().id());
    }

    /** Adds a comment; returns false (with the reason in the model) when the text cannot be sent. */
    boolean onComment(String text) {
        ProposalDetail d = model.detail.get();
        if (d == null) {
            return false;
        }
        if (text == null || text.isBlank()) {
            model.detailError.set("Write something to comment");
            return false;
        }
        String t = text.strip();
        if (Checks.length(t) > Limits.MAX_COMMENT_CHARS || Checks.multiLine(t) != null) {
            model.detailError.set("A comment has at most " + Limits.MAX_COMMENT_CHARS
                    + " characters and no control characters");
            return false;
        }
        String id = d.proposal().id();
        act(node -> node.comment(RecordId.parse(id), t), id);
        return true;
    }

    void onOpenCommitment(String commitmentId) {
        if (shell != null) {
            shell.open(Section.COMMITMENTS, commitmentId);
        }
    }

    /** Runs one action on the node, then reloads the detail of {@code proposalId}; errors shown inline. */
    private void act(NodeSession.NodeCall<?> action, String proposalId) {
        model.busy.set(true);
        model.detailError.set(null);
        Fx.whenDone(call(action), (v, e) -> {
            model.busy.set(false);
            if (e != null) {
                model.detailError.set(Fx.message(e));
                return;
            }
            if (proposalId.equals(model.selectedId.get())) {
                loadDetail(proposalId);
            }
        });
    }

    /** Node work on the session's thread; a session already closed (the app quitting) gives a failed future. */
    private <T> java.util.concurrent.CompletableFuture<T> call(NodeSession.NodeCall<T> work) {
        try {
            return session.call(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }
}
