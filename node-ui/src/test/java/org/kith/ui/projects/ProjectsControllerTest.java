package org.kith.ui.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.waitFor;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.bundle.Bundle;
import org.kith.node.store.Views;
import org.kith.protocol.record.ProposalStatus;
import org.kith.ui.app.NodeSession;
import org.kith.ui.testing.TestNodes;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Projects controller and model on a real home, without the robot: filters and counts,
 * proposals arriving while the screen is open, status moves, edits, comments and RSVPs, and the
 * node's refusals shown in the model.
 */
@ExtendWith(ApplicationExtension.class)
class ProjectsControllerTest {

    @TempDir
    Path tmp;

    private NodeSession session;
    private ProjectsController controller;
    private Path boBundle;
    private String mine;
    private String gathering;

    @Start
    void start(Stage stage) {
        // The toolkit is all these tests need; they drive the controller directly.
    }

    @BeforeEach
    void setUp() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Path ada = TestNodes.identity(tmp.resolve("ada"), "Ada");
        mine = TestNodes.kith(ada, "propose", "--title", "Garden beds", "--summary", "Raised beds",
                "--role", "builder:carpentry", "--tag", "garden");
        Path bo = TestNodes.identity(tmp.resolve("bo"), "Bo");
        gathering = TestNodes.kith(bo, "propose", "--title", "Seed swap", "--summary", "Bring seeds", "--kind",
                "gathering", "--when", today.plusDays(5).toString(), "--where", "Hall", "--tag", "garden");
        TestNodes.kith(bo, "propose", "--title", "Tool library", "--summary", "Lend tools; details inside",
                "--details", "A shed full of drills", "--role", "keeper:organising");
        boBundle = tmp.resolve("bo.json");
        TestNodes.kith(bo, "export", "--out", boBundle.toString());
        session = TestNodes.session(ada, false);
        controller = fx(() -> new ProjectsController(session, null));
        fx(() -> {
            controller.onShow();
            return null;
        });
        waitFor(() -> !model().loading.get());
    }

    @AfterEach
    void close() {
        session.close();
    }

    private ProjectsModel model() {
        return controller.model();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private static void run(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get(10, TimeUnit.SECONDS);
    }

    private List<String> titles() throws Exception {
        return fx(() -> model().visible.stream().map(ProposalRow::title).toList());
    }

    /** Bo's records reach the running node as if from the network: through its store, one by one. */
    private void receiveBo() throws Exception {
        session.call(node -> {
            Bundle.read(boBundle, e -> {
                try {
                    node.store().ingest(e.toSignedRecord().encode());
                } catch (org.kith.protocol.record.InvalidRecordException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void proposalsArrivingWhileOpenAppearWithoutAReload() throws Exception {
        assertEquals(List.of("Garden beds"), titles());
        receiveBo();
        waitFor(() -> model().held.get() == 3);
        assertEquals(List.of("Tool library", "Seed swap", "Garden beds"), titles(), "newest first");
        ProposalRow tools = fx(() -> model().visible.get(0));
        assertEquals("Bo", tools.authorName());
        assertEquals(List.of("organising"), tools.skills());
        assertTrue(fx(() -> model().skills.contains("organising")), "filter choices follow the board");
    }

    @Test
    void filtersAndCountsWorkTogether() throws Exception {
        receiveBo();
        waitFor(() -> model().held.get() == 3);
        run(() -> {
            model().kind.set("gathering");
            controller.onFilter();
        });
        assertEquals(List.of("Seed swap"), titles());
        run(() -> {
            model().kind.set(null);
            model().tag.set("garden");
            controller.onFilter();
        });
        assertEquals(List.of("Seed swap", "Garden beds"), titles());
        assertEquals(2, (int) fx(() -> model().total.get()));
        run(() -> {
            model().tag.set(null);
            model().skill.set("ORGANISING");
            controller.onFilter();
        });
        assertEquals(List.of("Tool library"), titles(), "skills match ignoring case");
        run(() -> {
            model().skill.set(null);
            model().search.set("drills");
            controller.onFilter();
        });
        assertEquals(List.of("Tool library"), titles(), "search looks into the details");
        run(() -> {
            model().search.set("bo seed");
            controller.onFilter();
        });
        assertEquals(List.of("Seed swap"), titles(), "every word must match; the author's name counts");
        run(() -> {
            model().search.set("");
            model().mine.set(true);
            controller.onFilter();
        });
        assertEquals(List.of("Garden beds"), titles());
        run(() -> {
            model().mine.set(false);
            model().status.set(ProposalStatus.ACTIVE);
            controller.onFilter();
        });
        assertEquals(List.of(), titles());
        assertEquals(3, (int) fx(() -> model().counts.get(ProposalStatus.OPEN).get()),
                "counts ignore the status filter itself");
        assertEquals(3, (int) fx(() -> model().total.get()));
    }

    @Test
    void theAuthorMovesTheStatusOnlyAlongTheLifecycle() throws Exception {
        run(() -> controller.select(mine));
        waitFor(() -> model().detail.get() != null);
        assertTrue(model().detail.get().mine());
        run(() -> controller.onMoveStatus(ProposalStatus.COMPLETED));
        assertEquals("The status cannot go from open to completed", fx(() -> model().detailError.get()));
        run(() -> controller.onMoveStatus(ProposalStatus.ACTIVE));
        waitFor(() -> "active".equals(model().detail.get().proposal().status()));
        waitFor(() -> fx(() -> model().counts.get(ProposalStatus.ACTIVE).get()) == 1);
        assertNull(fx(() -> model().detailError.get()));
    }

    @Test
    void anEditPublishesTheNewStateAndValidationStopsABadOne() throws Exception {
        run(() -> controller.select(mine));
        waitFor(() -> model().detail.get() != null);
        run(controller::onEdit);
        assertEquals(ProjectsModel.Pane.EDIT, fx(() -> model().pane.get()));
        ProposalDraft bad = new ProposalDraft("project", "", "Raised beds", null, List.of(), null, null, null, "",
                null, "forming");
        run(() -> controller.onSaveEdit(bad));
        assertEquals("A title is needed", fx(() -> model().formErrors.get("title")));
        ProposalDraft good = new ProposalDraft("project", "Garden beds, phase 1", "Raised beds", "Larch", List.of(
                new ProposalDraft.RoleDraft("builder", "carpentry, joinery", "3 days")), null, null, null,
                "garden, wood", null, "forming");
        run(() -> controller.onSaveEdit(good));
        waitFor(() -> model().pane.get() == ProjectsModel.Pane.DETAIL && model().detail.get() != null
                && model().detail.get().proposal().title().equals("Garden beds, phase 1"));
        Views.Proposal p = session.call(node -> node.queries().proposal(mine).orElseThrow()).get(5, TimeUnit.SECONDS);
        assertEquals("forming", p.status());
        assertEquals("Larch", p.details());
        assertEquals(List.of("garden", "wood"), p.tags());
        assertEquals(List.of("carpentry", "joinery"), p.roles().get(0).skills());
        waitFor(() -> titles().contains("Garden beds, phase 1"));
    }

    @Test
    void commentsAndRsvpsAreStoredAndTheNodesRefusalsShown() throws Exception {
        receiveBo();
        run(() -> controller.select(gathering));
        waitFor(() -> model().detail.get() != null && model().detail.get().proposal().id().equals(gathering));
        assertNull(model().detail.get().myRsvp());
        assertTrue(model().detail.get().provenance().contains("record 2 of 3 in Bo's feed"),
                model().detail.get().provenance());
        run(() -> controller.onRsvp("bringing beans"));
        waitFor(() -> model().detail.get().myRsvp() != null);
        run(() -> controller.onRsvp(null));
        waitFor(() -> model().detailError.get() != null);
        assertTrue(model().detailError.get().startsWith("you already said you will come"));
        run(controller::onCancelRsvp);
        waitFor(() -> model().detail.get().myRsvp() == null);
        assertEquals("withdrawn", model().detail.get().commitments().get(0).status());

        assertEquals(false, fx(() -> controller.onComment("  ")));
        assertEquals("Write something to comment", fx(() -> model().detailError.get()));
        assertEquals(true, fx(() -> controller.onComment("Can I bring squash seeds?")));
        waitFor(() -> model().detail.get().comments().size() == 1);
        assertEquals("Can I bring squash seeds?", model().detail.get().comments().get(0).text());
        assertEquals("Ada", model().detail.get().comments().get(0).who());
    }

    @Test
    void chainCheckVerifiesTheAuthorsFeed() throws Exception {
        run(() -> controller.select(mine));
        waitFor(() -> model().detail.get() != null);
        run(controller::onVerifyChain);
        waitFor(() -> model().chainCheck.get() != null && model().chainCheck.get().startsWith("Chain verified"));
    }
}
