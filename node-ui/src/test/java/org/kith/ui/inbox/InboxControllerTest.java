package org.kith.ui.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.waitFor;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.workflow.Inbox;
import org.kith.protocol.record.Outcome;
import org.kith.ui.app.NodeSession;
import org.kith.ui.commitments.AttestFixture;
import org.kith.ui.testing.TestNodes;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The inbox's grouping, and its controller refusing a bad note before anything is published. */
@ExtendWith(ApplicationExtension.class)
class InboxControllerTest {

    @TempDir
    Path tmp;

    @Start
    void start(Stage stage) {
        // The toolkit is all these tests need.
    }

    private static Inbox.Item item(Inbox.Kind kind, String id) {
        return new Inbox.Item(kind, id, "p", "T", "x", "2026-01-01", "d");
    }

    @Test
    void rowsGroupItemsUnderOneHeaderPerKindInTheInboxsOrder() {
        List<InboxModel.Row> rows = InboxController.rows(List.of(item(Inbox.Kind.ATTEST, "a1"),
                item(Inbox.Kind.ATTEST, "a2"), item(Inbox.Kind.MATCH, "m1")));
        assertEquals(List.of(new InboxModel.Header(Inbox.Kind.ATTEST, 2), new InboxModel.Item(item(Inbox.Kind.ATTEST,
                "a1")), new InboxModel.Item(item(Inbox.Kind.ATTEST, "a2")), new InboxModel.Header(Inbox.Kind.MATCH, 1),
                new InboxModel.Item(item(Inbox.Kind.MATCH, "m1"))), rows);
        assertEquals(List.of(), InboxController.rows(List.of()));
    }

    @Test
    void aBadNoteIsRefusedAndTheGoodOneStored() throws Exception {
        AttestFixture fx = new AttestFixture(tmp);
        try (NodeSession session = TestNodes.session(fx.ada, false)) {
            InboxController c = WaitForAsyncUtils.asyncFx(() -> new InboxController(session, null)).get(10,
                    TimeUnit.SECONDS);
            WaitForAsyncUtils.asyncFx(c::onShow).get(10, TimeUnit.SECONDS);
            waitFor(() -> c.model().count.get() == 3);
            WaitForAsyncUtils.asyncFx(() -> {
                c.onNote(fx.boCommitment, "bad\u0007note");
                c.onAttest(fx.boCommitment, Outcome.KEPT);
            }).get(10, TimeUnit.SECONDS);
            assertEquals("The note contains a control character", c.model().error.get());
            assertTrue(session.call(n -> n.queries().attestations(fx.boCommitment, null, null)).get(5,
                    TimeUnit.SECONDS).isEmpty());
            WaitForAsyncUtils.asyncFx(() -> {
                c.onNote(fx.boCommitment, "  fine work  ");
                c.onAttest(fx.boCommitment, Outcome.NOT_KEPT);
            }).get(10, TimeUnit.SECONDS);
            waitFor(() -> c.model().count.get() == 2);
            var a = session.call(n -> n.queries().attestations(fx.boCommitment, null, null)).get(5, TimeUnit.SECONDS);
            assertEquals("not-kept", a.get(0).outcome());
            assertEquals("fine work", a.get(0).note());
            assertTrue(c.model().notes.isEmpty(), "the note is forgotten once used");
        }
    }
}
