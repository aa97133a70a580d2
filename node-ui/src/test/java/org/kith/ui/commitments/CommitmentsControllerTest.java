package org.kith.ui.commitments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.waitFor;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.Views;
import org.kith.protocol.record.Outcome;
import org.kith.ui.app.NodeSession;
import org.kith.ui.testing.TestNodes;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Commitments controller and model on Ada's home: groups, updates, their checks, attesting, selecting by id. */
@ExtendWith(ApplicationExtension.class)
class CommitmentsControllerTest {

    @TempDir
    Path tmp;

    private AttestFixture fx;
    private NodeSession session;
    private CommitmentsController controller;

    @Start
    void start(Stage stage) {
        // The toolkit is all these tests need.
    }

    @BeforeEach
    void setUp() throws Exception {
        fx = new AttestFixture(tmp);
        session = TestNodes.session(fx.ada, false);
        controller = WaitForAsyncUtils.asyncFx(() -> new CommitmentsController(session, null)).get(10,
                TimeUnit.SECONDS);
        run(controller::onShow);
        waitFor(() -> !model().loading.get());
    }

    @AfterEach
    void close() {
        session.close();
    }

    private CommitmentsModel model() {
        return controller.model();
    }

    private static void run(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get(10, TimeUnit.SECONDS);
    }

    private Entry entry(String what) {
        return model().rows.stream().filter(r -> r instanceof CommitmentsModel.Item i && i.entry().what().equals(what))
                .map(r -> ((CommitmentsModel.Item) r).entry()).findFirst().orElseThrow();
    }

    private Views.Commitment stored(String id) throws Exception {
        return session.call(node -> node.queries().commitment(id).orElseThrow()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void groupsMineAndThoseWaitingForMe() {
        List<String> rows = model().rows.stream().map(Object::toString).toList();
        assertEquals(List.of("Waiting for my attestation (1)", "Build the frames", "Due soon (1)",
                "Catalogue the tools", "Open (1)", "Paint the shelves", "Delivered (1)", "Lend my drill"), rows);
        Entry frames = entry("Build the frames");
        assertEquals(Entry.Group.ATTEST, frames.group());
        assertTrue(frames.who().startsWith("Bo · "), frames.who());
        assertEquals("Garden beds", frames.proposalTitle());
        assertTrue(frames.reason().contains("delivered"));
        assertEquals("you", entry("Catalogue the tools").who());
        assertEquals(1, controller.toAttest());
    }

    @Test
    void renegotiatingChecksTheDateBeforePublishing() throws Exception {
        Entry e = entry("Catalogue the tools");
        run(() -> controller.onSelect(e));
        run(() -> controller.onRenegotiate("soon", null));
        assertEquals("The new due date must be a date like 2026-05-31", model().error.get());
        run(() -> controller.onRenegotiate("2020-01-01", null));
        assertEquals("The new due date 2020-01-01 is in the past", model().error.get());
        run(() -> controller.onRenegotiate(e.due(), null));
        assertEquals("Pick a due date other than the current one", model().error.get());
        assertEquals("open", stored(e.id()).status(), "nothing published");

        String later = LocalDate.now(session.clock()).plusDays(40).toString();
        run(() -> controller.onRenegotiate(later, "waiting for the shelves"));
        waitFor(() -> "renegotiated".equals(stored(e.id()).status()));
        assertEquals(later, stored(e.id()).due());
        waitFor(() -> model().selected.get() != null && model().selected.get().group() == Entry.Group.OPEN);
        assertEquals("Renegotiated: now due " + later, model().notice.get());
    }

    @Test
    void withdrawingIsStoredAndMovesTheCommitment() throws Exception {
        Entry e = entry("Paint the shelves");
        run(() -> controller.onSelect(e));
        run(() -> controller.onWithdraw("no time after all"));
        waitFor(() -> "withdrawn".equals(stored(e.id()).status()));
        waitFor(() -> model().selected.get() != null && model().selected.get().group() == Entry.Group.WITHDRAWN);
        assertEquals("no time after all", model().selected.get().note());
    }

    @Test
    void attestingWithATooLongNoteIsRefusedThenAShortOneIsStored() throws Exception {
        Entry e = entry("Build the frames");
        run(() -> controller.onSelect(e));
        run(() -> controller.onAttest(Outcome.NOT_KEPT, "x".repeat(2001)));
        assertEquals("The note is too long (at most 2000 characters)", model().error.get());
        assertTrue(session.call(node -> node.queries().attestations(e.id(), null, null)).get(5, TimeUnit.SECONDS)
                .isEmpty());
        run(() -> controller.onAttest(Outcome.KEPT, null));
        waitFor(() -> controller.toAttest() == 0);
        List<Views.Attestation> a = session.call(node -> node.queries().attestations(e.id(), null, null)).get(5,
                TimeUnit.SECONDS);
        assertEquals(1, a.size());
        assertEquals("kept", a.get(0).outcome());
        assertEquals(null, model().selected.get());

        // Selecting it by id now shows it as someone else's commitment, with the attestation given.
        run(() -> controller.select(e.id()));
        waitFor(() -> model().selected.get() != null);
        assertEquals(Entry.Group.OTHER, model().selected.get().group());
        assertEquals(List.of("you: kept"), model().selected.get().received());
    }
}
