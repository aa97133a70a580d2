package org.kith.ui.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.Views;
import org.kith.protocol.record.TrustLevel;
import org.kith.ui.app.NodeSession;
import org.kith.ui.testing.TestNodes;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The People controller and model on a real home, without the robot: the directory with trust,
 * search and skill filter, a person's detail with the vouch path, and the vouch form's checks
 * (too long a skill, distrust asked first and cancelled) before anything is published.
 */
@ExtendWith(ApplicationExtension.class)
class PeopleControllerTest {

    @TempDir
    Path tmp;

    private NodeSession session;
    private PeopleController controller;
    private String bo;
    private String cy;

    @Start
    void start(Stage stage) {
        // The toolkit is all these tests need; they drive the controller directly.
    }

    @BeforeEach
    void setUp() throws Exception {
        Path adaHome = TestNodes.identity(tmp.resolve("ada"), "Ada");
        Path boHome = TestNodes.identity(tmp.resolve("bo"), "Bo");
        Path cyHome = TestNodes.identity(tmp.resolve("cy"), "Cy");
        TestNodes.kith(boHome, "profile", "set", "--skill", "carpentry");
        TestNodes.kith(cyHome, "profile", "set", "--skill", "gardening");
        TestNodes.kith(cyHome, "export", "--out", tmp.resolve("cy.json").toString());
        TestNodes.kith(boHome, "import", tmp.resolve("cy.json").toString());
        TestNodes.kith(boHome, "vouch", "Cy", "--level", "some");
        TestNodes.kith(boHome, "export", "--out", tmp.resolve("bo.json").toString());
        TestNodes.kith(adaHome, "import", tmp.resolve("cy.json").toString());
        TestNodes.kith(adaHome, "import", tmp.resolve("bo.json").toString());
        TestNodes.kith(adaHome, "vouch", "Bo", "--level", "high");
        bo = TestNodes.kith(boHome, "whoami", "--json").replaceAll("(?s).*\"peerId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        cy = TestNodes.kith(cyHome, "whoami", "--json").replaceAll("(?s).*\"peerId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        session = TestNodes.session(adaHome, false);
        controller = fx(() -> new PeopleController(session, (section, id) -> { }));
        waitFor(() -> !model().loading.get() && model().rows.size() == 3);
    }

    @AfterEach
    void close() {
        session.close();
    }

    private PeopleModel model() {
        return controller.model();
    }

    @Test
    void theDirectoryShowsTrustAndFiltersBySearchAndSkill() throws Exception {
        PeopleModel.Row boRow = fx(() -> model().rows.stream().filter(r -> r.peerId().equals(bo)).findFirst()
                .orElseThrow());
        PeopleModel.Row cyRow = fx(() -> model().rows.stream().filter(r -> r.peerId().equals(cy)).findFirst()
                .orElseThrow());
        assertEquals(1.0, boRow.trust(), 1e-9, "Bo is the most trusted: the user vouched high");
        assertTrue(cyRow.trust() > 0 && cyRow.trust() < 1, "Cy is trusted through Bo");
        fx(() -> model().search.set("c"));
        assertEquals(List.of("Cy"), fx(() -> model().visible.stream().map(PeopleModel.Row::name).toList()));
        fx(() -> {
            model().search.set("");
            model().skill.set("carpentry");
            return null;
        });
        assertEquals(List.of("Bo"), fx(() -> model().visible.stream().map(PeopleModel.Row::name).toList()));
        assertTrue(fx(() -> model().skills.containsAll(List.of("carpentry", "gardening"))));
    }

    @Test
    void aPersonsDetailExplainsTheirTrust() throws Exception {
        fx(() -> {
            controller.onSelect(cy);
            return null;
        });
        waitFor(() -> model().detail.get() != null && cy.equals(model().detail.get().peerId()));
        PeopleModel.Detail d = fx(() -> model().detail.get());
        assertEquals("Cy", d.name());
        assertEquals(List.of("gardening"), d.skills());
        assertEquals(1, d.paths().size());
        assertEquals("Bo", d.paths().get(0).fromName());
        assertTrue(d.paths().get(0).path().contains("Bo"), d.paths().get(0).path());
        assertFalse(d.distrusted());
    }

    @Test
    void theVouchFormChecksFirstAndAsksBeforeDistrust() throws Exception {
        fx(() -> {
            controller.onSelect(cy);
            model().domain.set("x".repeat(200));
            controller.onVouch();
            return null;
        });
        assertTrue(fx(() -> model().vouchError.get()).startsWith("A skill has at most"));
        assertEquals(List.of(), vouchesFor(cy), "nothing published");

        fx(() -> {
            model().domain.set("");
            model().level.set(TrustLevel.DISTRUST);
            controller.onVouch();
            return null;
        });
        assertTrue(fx(() -> model().confirmDistrust.get()), "distrust asks first");
        fx(() -> {
            controller.onCancelDistrust();
            return null;
        });
        assertFalse(fx(() -> model().confirmDistrust.get()));
        assertEquals(List.of(), vouchesFor(cy), "cancelled: nothing published");

        fx(() -> {
            controller.onVouch();
            controller.onConfirmDistrust();
            return null;
        });
        waitFor(() -> !vouchesFor(cy).isEmpty());
        assertEquals("distrust", vouchesFor(cy).get(0).level());
        waitFor(() -> model().vouchStatus.get().equals("You vouched distrust"));
    }

    private List<Views.Vouch> vouchesFor(String subject) {
        try {
            return session.call(node -> node.queries().vouches(session.self(), subject)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private static void fx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get(10, TimeUnit.SECONDS);
    }

    private static void waitFor(java.util.function.BooleanSupplier ok) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, ok::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
