package org.kith.ui.people;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.util.Duration;
import org.kith.node.KithNode;
import org.kith.node.store.NetworkTables;
import org.kith.node.store.StoreQueries;
import org.kith.node.store.Views;
import org.kith.node.trust.PersonalTrust;
import org.kith.node.trust.TrustResult;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Limits;
import org.kith.protocol.record.SwarmId;
import org.kith.protocol.record.TrustLevel;
import org.kith.ui.app.NodeSession;
import org.kith.ui.fx.Fx;
import org.kith.ui.me.Avatars;
import org.kith.ui.shell.Screen;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.Selectable;

/**
 * People: everyone this node knows a profile of, searchable by name and filterable by skill, with
 * the user's trust in them and their reliability; the chosen person's profile, why they have the
 * trust and reliability they have (vouch paths, counted and ignored attestations), their
 * commitments and records, and a vouch for them. The directory follows the user's live trust; the
 * detail computes {@link PersonalTrust} (the same reasons as {@code kith trust explain}).
 */
public final class PeopleController implements Screen, Selectable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
    /** Paths and counted attestations shown in the explanation. */
    static final int EXPLAIN_TOP = 5;

    private final NodeSession session;
    private final BiConsumer<Section, String> open;
    private final PeopleModel model = new PeopleModel();
    private final PeopleView view;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final PauseTransition settle = new PauseTransition(Duration.millis(250));
    /** Names by peer ID, from the last directory load (read on the node thread). */
    private volatile Map<String, String> names = Map.of();

    /** @param open opens an item in another section (a proposal from a commitment) */
    public PeopleController(NodeSession session, BiConsumer<Section, String> open) {
        this.session = session;
        this.open = open;
        view = new PeopleView(model, this);
        model.search.addListener((o, was, now) -> filter());
        model.skill.addListener((o, was, now) -> filter());
        model.level.addListener((o, was, now) -> model.confirmDistrust.set(false));
        // Records arrive in bursts (a catch-up brings thousands): one refresh a moment after the first,
        // by when the live trust has taken them in too.
        settle.setOnFinished(e -> {
            refreshQueued.set(false);
            load();
            if (model.selected.get() != null) {
                loadDetail(model.selected.get());
            }
        });
        session.onRecord(r -> {
            if (refreshQueued.compareAndSet(false, true)) {
                Fx.run(settle::playFromStart);
            }
        });
        load();
    }

    @Override
    public Node root() {
        return view.root();
    }

    @Override
    public void onShow() {
        load();
    }

    /** Shows the person {@code peerId} (a link from another screen). */
    @Override
    public void select(String peerId) {
        onSelect(peerId);
    }

    // ---- directory -------------------------------------------------------------------------

    private void load() {
        Fx.whenDone(session.call(this::directory), (rows, e) -> {
            model.loading.set(false);
            if (e != null) {
                model.error.set(Fx.message(e));
                return;
            }
            model.error.set("");
            model.rows.setAll(rows);
            TreeSet<String> skills = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            rows.forEach(r -> skills.addAll(r.skills()));
            String chosen = model.skill.get();
            model.skills.setAll(skills);
            if (chosen != null && !skills.contains(chosen)) {
                model.skill.set(null);
            }
        });
    }

    private List<PeopleModel.Row> directory(KithNode node) {
        String self = node.self().toBase58();
        TrustResult trust = session.trust().result();
        List<Views.Person> people = node.queries().people();
        Map<String, String> byId = new HashMap<>();
        List<PeopleModel.Row> rows = new ArrayList<>(people.size());
        for (Views.Person p : people) {
            byId.put(p.peerId(), p.name());
            TrustResult.Reliability r = trust.reliability(p.peerId());
            rows.add(new PeopleModel.Row(p.peerId(), p.name(), p.skills(), p.peerId().equals(self),
                    p.peerId().equals(self) ? 1.0 : trust.normalizedTrust(p.peerId()), r.expected(), r.confidence(),
                    r.evidence()));
        }
        names = byId;
        return rows;
    }

    private void filter() {
        String text = model.search.get() == null ? "" : model.search.get().strip().toLowerCase(Locale.ROOT);
        String skill = model.skill.get();
        model.visible.setPredicate(r -> (text.isEmpty() || r.name().toLowerCase(Locale.ROOT).contains(text)
                || r.peerId().toLowerCase(Locale.ROOT).startsWith(text))
                && (skill == null || r.skills().stream().anyMatch(s -> s.equalsIgnoreCase(skill))));
    }

    // ---- detail ----------------------------------------------------------------------------

    void onSelect(String peerId) {
        if (peerId == null) {
            return;
        }
        if (!peerId.equals(model.selected.get())) {
            model.vouchError.set("");
            model.vouchStatus.set("");
            model.confirmDistrust.set(false);
            model.note.set("");
            model.domain.set("");
        }
        model.selected.set(peerId);
        loadDetail(peerId);
    }

    private void loadDetail(String peerId) {
        model.detailLoading.set(true);
        Fx.whenDone(session.call(node -> detail(node, peerId)), (d, e) -> {
            if (!peerId.equals(model.selected.get())) {
                return; // another person was chosen meanwhile
            }
            model.detailLoading.set(false);
            if (e != null) {
                model.error.set(Fx.message(e));
            } else {
                model.detail.set(d);
            }
        });
    }

    void onOpenProposal(String proposalId) {
        open.accept(Section.PROJECTS, proposalId);
    }

    private PeopleModel.Detail detail(KithNode node, String id) {
        StoreQueries q = node.queries();
        String self = node.self().toBase58();
        boolean isSelf = id.equals(self);
        Optional<Views.Person> person = q.person(id);
        PersonalTrust trust = PersonalTrust.compute(q, self);
        PersonalTrust.Report report = trust.explain(id, EXPLAIN_TOP);
        TrustResult.Explanation e = report.explanation();
        List<PeopleModel.PathLine> paths = new ArrayList<>();
        if (!isSelf) {
            for (TrustResult.PathContribution p : e.topPaths()) {
                List<String> hops = new ArrayList<>();
                for (String hop : p.pathFromUser()) {
                    hops.add(who(hop, self));
                }
                hops.add(who(id, self));
                paths.add(new PeopleModel.PathLine(p.from(), who(p.from(), self), p.level().wire(), p.share(),
                        String.join(" → ", hops)));
            }
        }
        List<PeopleModel.AttestationLine> counted = new ArrayList<>();
        for (TrustResult.AttestationContribution a : e.topAttestations()) {
            counted.add(new PeopleModel.AttestationLine(a.attester(), who(a.attester(), self), a.outcome().wire(),
                    a.weight(), shortId(a.commitmentId()), null));
        }
        List<PeopleModel.AttestationLine> ignored = new ArrayList<>();
        for (PersonalTrust.Ignored a : report.ignored()) {
            ignored.add(new PeopleModel.AttestationLine(a.attester(), who(a.attester(), self), a.outcome().wire(), 0,
                    shortId(a.commitmentId()), a.reason()));
        }
        List<String> mine = new ArrayList<>();
        for (Views.Vouch v : q.vouches(self, id)) {
            mine.add(v.domain() == null || v.domain().isEmpty() ? v.level() : v.level() + " for " + v.domain());
        }
        List<PeopleModel.CommitmentLine> commitments = q.commitments(null, id, null).stream()
                .sorted(Comparator.comparingLong(Views.Commitment::createdMillis).reversed())
                .map(c -> new PeopleModel.CommitmentLine(c.id(), c.proposalId(),
                        q.proposal(c.proposalId()).map(Views.Proposal::title).orElse("(proposal not here)"), c.role(),
                        c.status(), c.due()))
                .toList();
        Map<String, String> swarmNames = new HashMap<>();
        swarmNames.put(SwarmId.PUBLIC, "public");
        for (NetworkTables.Swarm s : node.store().network().swarms()) {
            swarmNames.put(s.swarmId(), s.name());
        }
        ZoneId zone = session.clock().getZone();
        List<PeopleModel.HistoryLine> history = q.history(id).stream()
                .sorted(Comparator.comparingLong(Views.HistoryEntry::createdMillis).reversed())
                .map(h -> new PeopleModel.HistoryLine(h.type(), swarmNames.getOrDefault(h.swarm(), shortId(h.swarm())),
                        h.seq(), TIME.format(Instant.ofEpochMilli(h.createdMillis()).atZone(zone)), h.retracted()))
                .toList();
        Views.Person p = person.orElse(null);
        PersonalTrust.Counts c = report.counts();
        TrustResult.Reliability r = e.reliability();
        return new PeopleModel.Detail(id, p == null ? shortId(id) : p.name(), isSelf, p != null,
                p == null ? null : p.bio(), p == null ? null : p.location(),
                p == null ? List.of() : p.skills(), p == null ? List.of() : p.offers(),
                p == null ? List.of() : p.needs(), p == null ? List.of() : p.values(),
                p == null ? List.of() : p.links(), Avatars.stored(node, p),
                isSelf ? 1.0 : e.normalizedTrust(), mine.isEmpty() ? null : String.join(", ", mine),
                e.distrustedByUser(), e.forked(), r.expected(), r.confidence(), r.evidence(), c.kept(),
                c.partlyKept(), c.notKept(), paths, counted, ignored, commitments, history);
    }

    private String who(String peerId, String self) {
        if (peerId.equals(self)) {
            return "you";
        }
        String name = names.get(peerId);
        return name != null ? name : shortId(peerId);
    }

    private static String shortId(String id) {
        return id == null ? "" : id.length() > 12 ? id.substring(0, 12) + "…" : id;
    }

    // ---- vouch -----------------------------------------------------------------------------

    void onVouch() {
        String id = model.selected.get();
        TrustLevel level = model.level.get();
        if (id == null || model.vouching.get()) {
            return;
        }
        if (level == null) {
            model.vouchError.set("Choose how much you trust them");
            return;
        }
        String domain = model.domain.get() == null ? "" : model.domain.get().strip();
        String note = model.note.get() == null ? "" : model.note.get().strip();
        if (domain.length() > Limits.MAX_SKILL_CHARS) {
            model.vouchError.set("A skill has at most " + Limits.MAX_SKILL_CHARS + " characters");
            return;
        }
        if (note.length() > Limits.MAX_NOTE_CHARS) {
            model.vouchError.set("The note is " + note.length() + " characters; at most " + Limits.MAX_NOTE_CHARS);
            return;
        }
        if (level == TrustLevel.DISTRUST && !model.confirmDistrust.get()) {
            model.vouchError.set("");
            model.confirmDistrust.set(true); // asks first; onConfirmDistrust publishes
            return;
        }
        publishVouch(id, level, domain.isEmpty() ? null : domain, note.isEmpty() ? null : note);
    }

    void onConfirmDistrust() {
        if (model.confirmDistrust.get()) {
            onVouch();
        }
    }

    void onCancelDistrust() {
        model.confirmDistrust.set(false);
    }

    private void publishVouch(String id, TrustLevel level, String domain, String note) {
        model.vouchError.set("");
        model.vouchStatus.set("");
        model.vouching.set(true);
        Fx.whenDone(session.call(node -> node.vouch(PeerId.parse(id), level, domain, note)), (recordId, e) -> {
            model.vouching.set(false);
            model.confirmDistrust.set(false);
            if (e != null) {
                String m = Fx.message(e);
                model.vouchError.set(m.isEmpty() ? m : Character.toUpperCase(m.charAt(0)) + m.substring(1));
                return;
            }
            model.note.set("");
            model.vouchStatus.set("You vouched " + level.wire() + (domain == null ? "" : " for " + domain));
            // the live trust takes the vouch in on its own thread: the record listener's refresh follows
        });
    }

    // ---- for tests ---------------------------------------------------------------------------

    PeopleModel model() {
        return model;
    }
}
