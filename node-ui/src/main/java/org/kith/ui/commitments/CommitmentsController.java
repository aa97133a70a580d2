package org.kith.ui.commitments;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.Node;
import javafx.util.Duration;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.store.Views;
import org.kith.node.trust.TrustResult;
import org.kith.node.workflow.Inbox;
import org.kith.protocol.record.CommitmentStatus;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.RecordId;
import org.kith.ui.app.NodeSession;
import org.kith.ui.fx.Coalescer;
import org.kith.ui.fx.Fx;
import org.kith.ui.projects.TrustText;
import org.kith.ui.shell.Screen;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.Selectable;
import org.kith.ui.shell.ShellController;

/**
 * Commitments: the user's own, grouped overdue / due soon / open / delivered / withdrawn, with
 * deliver, renegotiate and withdraw; and others' commitments waiting for the user's attestation
 * (the inbox's attest items), attested in one click (kept, partly kept, not kept) with an
 * optional note. Reloads when records arrive (coalesced); node work runs on the session's thread.
 */
public final class CommitmentsController implements Screen, Selectable {

    private final NodeSession session;
    private final ShellController shell;
    private final CommitmentsModel model = new CommitmentsModel();
    private final CommitmentsView view;
    private boolean loaded;
    private int request;
    /** The commitment asked for by {@link #select} before the list held it. */
    private String wanted;

    /** @param shell for links to other screens (may be null in tests) */
    public CommitmentsController(NodeSession session, ShellController shell) {
        this.session = session;
        this.shell = shell;
        this.view = new CommitmentsView(model, this);
        Coalescer reloads = new Coalescer(Duration.millis(150), () -> {
            if (loaded) {
                reload();
            }
        });
        session.onRecord(r -> reloads.request());
    }

    @Override
    public Node root() {
        return view.root();
    }

    @Override
    public void onShow() {
        loaded = true;
        reload();
    }

    /** Shows the commitment {@code id}: one of the list's, or any commitment this node holds. */
    @Override
    public void select(String id) {
        wanted = id;
        if (!loaded) {
            onShow();
            return;
        }
        if (!selectLoaded(id)) {
            Fx.whenDone(session.call(node -> single(node, id)), (entry, e) -> {
                if (e != null) {
                    model.error.set(Fx.message(e));
                } else if (id.equals(wanted)) {
                    model.selected.set(entry);
                }
            });
        }
    }

    CommitmentsModel model() {
        return model;
    }

    private LocalDate today() {
        return LocalDate.now(session.clock());
    }

    private boolean selectLoaded(String id) {
        for (CommitmentsModel.Row r : model.rows) {
            if (r instanceof CommitmentsModel.Item i && i.entry().id().equals(id)) {
                model.selected.set(i.entry());
                return true;
            }
        }
        return false;
    }

    void reload() {
        int req = ++request;
        Fx.whenDone(session.call(this::load), (rows, e) -> {
            if (req != request) {
                return;
            }
            model.loading.set(false);
            if (e != null) {
                model.loadError.set("Could not load commitments: " + Fx.message(e));
                return;
            }
            model.loadError.set(null);
            model.rows.setAll(rows);
            model.toAttest.set((int) rows.stream().filter(r -> r instanceof CommitmentsModel.Item i
                    && i.entry().group() == Entry.Group.ATTEST).count());
            Entry was = model.selected.get();
            String keep = wanted != null ? wanted : was == null ? null : was.id();
            if (keep != null && !selectLoaded(keep)) {
                if (was != null && was.id().equals(keep) && was.group() != Entry.Group.OTHER) {
                    model.selected.set(null);
                } else if (wanted != null) {
                    select(wanted);
                }
            }
            wanted = null;
        });
    }

    /** Builds the grouped rows: headers followed by their commitments. On the node thread. */
    List<CommitmentsModel.Row> load(KithNode node) {
        String self = session.self();
        LocalDate today = today();
        TrustResult trust = session.trust().result();
        Map<String, String> names = new HashMap<>();
        Map<String, String> titles = new HashMap<>();
        Map<Entry.Group, List<Entry>> groups = new EnumMap<>(Entry.Group.class);
        Inbox inbox = new Inbox(node.queries(), self, today, session.clock().getZone());
        for (Inbox.Item item : inbox.items()) {
            if (item.kind() == Inbox.Kind.ATTEST) {
                node.queries().commitment(item.id()).ifPresent(c -> groups.computeIfAbsent(Entry.Group.ATTEST,
                        k -> new ArrayList<>()).add(entry(node, c, Entry.Group.ATTEST, item.detail(), names, titles,
                                trust)));
            }
        }
        LocalDate soon = today.plusDays(Inbox.DUE_SOON_DAYS);
        for (Views.Commitment c : node.queries().commitments(null, self, null)) {
            Entry.Group g;
            if (CommitmentStatus.DELIVERED.wire().equals(c.status())) {
                g = Entry.Group.DELIVERED;
            } else if (CommitmentStatus.WITHDRAWN.wire().equals(c.status())) {
                g = Entry.Group.WITHDRAWN;
            } else {
                LocalDate due = LocalDate.parse(c.due());
                g = due.isBefore(today) ? Entry.Group.OVERDUE : due.isAfter(soon) ? Entry.Group.OPEN
                        : Entry.Group.DUE_SOON;
            }
            groups.computeIfAbsent(g, k -> new ArrayList<>()).add(entry(node, c, g, null, names, titles, trust));
        }
        List<CommitmentsModel.Row> rows = new ArrayList<>();
        for (Entry.Group g : Entry.Group.values()) {
            List<Entry> es = groups.get(g);
            if (es != null && !es.isEmpty()) {
                rows.add(new CommitmentsModel.Header(g, es.size()));
                es.forEach(e -> rows.add(new CommitmentsModel.Item(e)));
            }
        }
        return rows;
    }

    private Entry single(KithNode node, String id) throws KithException {
        Views.Commitment c = node.queries().commitment(id).orElseThrow(() -> new KithException(
                "No commitment " + id + " on this node"));
        return entry(node, c, Entry.Group.OTHER, null, new HashMap<>(), new HashMap<>(), session.trust().result());
    }

    private Entry entry(KithNode node, Views.Commitment c, Entry.Group g, String reason, Map<String, String> names,
            Map<String, String> titles, TrustResult trust) {
        String self = session.self();
        String title = titles.computeIfAbsent(c.proposalId(), k -> node.queries().proposal(k)
                .map(Views.Proposal::title).orElse("(a proposal not on this node)"));
        String who = c.author().equals(self) ? "you"
                : name(node, c.author(), names) + " · " + TrustText.of(trust, c.author(), self);
        List<String> received = new ArrayList<>();
        for (Views.Attestation a : node.queries().attestations(c.id(), null, null)) {
            String by = a.author().equals(self) ? "you" : name(node, a.author(), names);
            received.add(by + ": " + a.outcome().replace('-', ' ') + (a.note() == null ? "" : " — " + a.note()));
        }
        return new Entry(g, c.id(), c.proposalId(), title, who, c.role(), c.what(), c.due(), c.effort(), c.status(),
                c.note(), received, reason);
    }

    private static String name(KithNode node, String peer, Map<String, String> names) {
        return names.computeIfAbsent(peer, k -> node.queries().person(k).map(Views.Person::name)
                .orElse(k.substring(0, Math.min(12, k.length())) + "…"));
    }

    // ---- actions --------------------------------------------------------------------------

    void onSelect(Entry e) {
        if (e != model.selected.get()) {
            model.error.set(null);
            model.notice.set(null);
        }
        model.selected.set(e);
    }

    void onDeliver(String note) {
        Entry e = model.selected.get();
        if (e == null || !e.active()) {
            return;
        }
        if (noteProblem(note)) {
            return;
        }
        act(node -> node.updateCommitment(RecordId.parse(e.id()), CommitmentStatus.DELIVERED, null, clean(note)),
                "Marked as delivered", e.id());
    }

    void onRenegotiate(String dueText, String note) {
        Entry e = model.selected.get();
        if (e == null || !e.active() || noteProblem(note)) {
            return;
        }
        LocalDate due;
        try {
            due = LocalDate.parse(dueText == null ? "" : dueText.strip());
        } catch (java.time.format.DateTimeParseException ex) {
            model.error.set("The new due date must be a date like 2026-05-31");
            return;
        }
        if (due.isBefore(today())) {
            model.error.set("The new due date " + due + " is in the past");
            return;
        }
        if (due.isAfter(today().plusYears(5))) {
            model.error.set("The new due date may be at most 5 years ahead");
            return;
        }
        if (due.toString().equals(e.due())) {
            model.error.set("Pick a due date other than the current one");
            return;
        }
        act(node -> node.updateCommitment(RecordId.parse(e.id()), CommitmentStatus.RENEGOTIATED, due, clean(note)),
                "Renegotiated: now due " + due, e.id());
    }

    void onWithdraw(String note) {
        Entry e = model.selected.get();
        if (e == null || !e.active() || noteProblem(note)) {
            return;
        }
        act(node -> node.updateCommitment(RecordId.parse(e.id()), CommitmentStatus.WITHDRAWN, null, clean(note)),
                "Withdrawn", e.id());
    }

    /** One click: the user's attestation of the selected commitment, with the optional note. */
    void onAttest(Outcome outcome, String note) {
        Entry e = model.selected.get();
        if (e == null || e.group() != Entry.Group.ATTEST || noteProblem(note)) {
            return;
        }
        act(node -> Attest.publish(node, e.id(), outcome, note), "Attested: " + Attest.label(outcome), null);
    }

    void onOpenProposal() {
        Entry e = model.selected.get();
        if (e != null && shell != null) {
            shell.open(Section.PROJECTS, e.proposalId());
        }
    }

    private boolean noteProblem(String note) {
        String p = Attest.problem(note);
        model.error.set(p);
        return p != null;
    }

    private static String clean(String note) {
        return note == null || note.isBlank() ? null : note.strip();
    }

    private void act(NodeSession.NodeCall<?> action, String done, String keepSelected) {
        if (model.busy.get()) {
            return;
        }
        model.busy.set(true);
        model.error.set(null);
        model.notice.set(null);
        Fx.whenDone(session.call(action), (v, e) -> {
            model.busy.set(false);
            if (e != null) {
                model.error.set(Fx.message(e));
                return;
            }
            model.notice.set(done);
            if (keepSelected == null) {
                model.selected.set(null);
            } else {
                wanted = keepSelected;
            }
            reload();
        });
    }

    /** The number of commitments waiting for the user's attestation (tests, badges). */
    int toAttest() {
        return model.toAttest.get();
    }

    Optional<Entry> selected() {
        return Optional.ofNullable(model.selected.get());
    }
}
