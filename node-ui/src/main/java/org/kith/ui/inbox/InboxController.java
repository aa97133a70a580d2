package org.kith.ui.inbox;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.util.Duration;
import org.kith.node.workflow.Inbox;
import org.kith.protocol.record.Outcome;
import org.kith.ui.app.NodeSession;
import org.kith.ui.commitments.Attest;
import org.kith.ui.fx.Coalescer;
import org.kith.ui.fx.Fx;
import org.kith.ui.shell.Screen;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.ShellController;

/**
 * The inbox: what needs the user ({@link Inbox}) grouped — to attest, overdue, due soon, new
 * proposals matching their skills — each with its action: attest inline in one click with an
 * optional note, open the commitment, open the proposal. Reloads when records arrive.
 */
public final class InboxController implements Screen {

    private final NodeSession session;
    private final ShellController shell;
    private final InboxModel model = new InboxModel();
    private final InboxView view;
    private boolean loaded;
    private int request;

    /** @param shell for opening commitments and proposals (may be null in tests) */
    public InboxController(NodeSession session, ShellController shell) {
        this.session = session;
        this.shell = shell;
        this.view = new InboxView(model, this);
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

    InboxModel model() {
        return model;
    }

    void reload() {
        int req = ++request;
        Fx.whenDone(session.call(node -> new Inbox(node.queries(), session.self(), LocalDate.now(session.clock()),
                session.clock().getZone()).items()), (items, e) -> {
                    if (req != request) {
                        return;
                    }
                    model.loading.set(false);
                    if (e != null) {
                        model.error.set("Could not load the inbox: " + Fx.message(e));
                        return;
                    }
                    model.rows.setAll(rows(items));
                    model.count.set(items.size());
                    model.notes.keySet().retainAll(items.stream().map(Inbox.Item::id).toList());
                });
    }

    /** Headers and items, in the inbox's order of kinds. */
    static List<InboxModel.Row> rows(List<Inbox.Item> items) {
        Map<Inbox.Kind, List<Inbox.Item>> byKind = new EnumMap<>(Inbox.Kind.class);
        for (Inbox.Item i : items) {
            byKind.computeIfAbsent(i.kind(), k -> new ArrayList<>()).add(i);
        }
        List<InboxModel.Row> rows = new ArrayList<>();
        for (Inbox.Kind k : Inbox.Kind.values()) {
            List<Inbox.Item> of = byKind.get(k);
            if (of != null) {
                rows.add(new InboxModel.Header(k, of.size()));
                of.forEach(i -> rows.add(new InboxModel.Item(i)));
            }
        }
        return rows;
    }

    /** Attests the commitment {@code commitmentId} with the note typed for it. */
    void onAttest(String commitmentId, Outcome outcome) {
        if (model.busy.get()) {
            return;
        }
        String note = model.notes.get(commitmentId);
        String problem = Attest.problem(note);
        if (problem != null) {
            model.error.set(problem);
            return;
        }
        model.busy.set(true);
        model.error.set(null);
        model.notice.set(null);
        Fx.whenDone(session.call(node -> Attest.publish(node, commitmentId, outcome, note)), (id, e) -> {
            model.busy.set(false);
            if (e != null) {
                model.error.set("Not attested: " + Fx.message(e));
                return;
            }
            model.notes.remove(commitmentId);
            model.notice.set("Attested: " + Attest.label(outcome));
            reload();
        });
    }

    void onNote(String commitmentId, String text) {
        model.notes.put(commitmentId, text);
    }

    void onOpenCommitment(String id) {
        if (shell != null) {
            shell.open(Section.COMMITMENTS, id);
        }
    }

    void onOpenProposal(String id) {
        if (shell != null) {
            shell.open(Section.PROJECTS, id);
        }
    }
}
