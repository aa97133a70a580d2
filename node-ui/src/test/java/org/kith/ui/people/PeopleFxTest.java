package org.kith.ui.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.waitFor;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.Views;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.SwarmId;
import org.kith.ui.app.NodeSession;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.ShellController;
import org.kith.ui.testing.Robots;
import org.kith.ui.testing.TestNodes;
import org.kith.ui.testing.TestShell;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * People on a real node that knows four people: Ada (the user) vouches high for Bo, Bo vouches for
 * Cy and attested Cy's delivered commitment, Eve is known but unconnected. Search and skill filter,
 * the explanation (path you → Bo → Cy, the counted attestation), vouching through the form (a
 * distrust asks first) with the vouch stored, and the directory following records as they arrive.
 */
@ExtendWith(ApplicationExtension.class)
class PeopleFxTest {

    @TempDir
    static Path tmp;

    private static int run;
    private NodeSession session;
    private ShellController shell;
    private PeopleController people;
    private Stage stage;
    private final Map<String, String> ids = new java.util.HashMap<>();

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Path dir = tmp.resolve("run-" + (++run));
        Path ada = TestNodes.identity(dir.resolve("ada"), "Ada");
        TestNodes.kith(ada, "profile", "set", "--skill", "carpentry");
        Path bo = TestNodes.identity(dir.resolve("bo"), "Bo");
        TestNodes.kith(bo, "profile", "set", "--skill", "carpentry", "--skill", "welding", "--bio", "Welds and builds.",
                "--location", "Leeds");
        Path cy = TestNodes.identity(dir.resolve("cy"), "Cy");
        TestNodes.kith(cy, "profile", "set", "--skill", "gardening");
        Path eve = TestNodes.identity(dir.resolve("eve"), "Eve");
        TestNodes.kith(eve, "profile", "set", "--skill", "welding");
        for (Map.Entry<String, Path> e : Map.of("Ada", ada, "Bo", bo, "Cy", cy, "Eve", eve).entrySet()) {
            ids.put(e.getKey(), TestNodes.kith(e.getValue(), "whoami", "--json").replaceAll("(?s).*\"peerId\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
        }
        String proposal = TestNodes.kith(bo, "propose", "--title", "Garden beds", "--summary", "Raised beds",
                "--role", "gardener:gardening");
        move(dir, bo, cy, "bo1");
        String commitment = TestNodes.kith(cy, "commit", proposal, "--what", "Plant the beds", "--due",
                LocalDate.now().plusDays(20).toString(), "--role", "gardener");
        move(dir, cy, bo, "cy1");
        TestNodes.kith(bo, "attest", commitment, "--outcome", "kept", "--note", "Lovely beds");
        TestNodes.kith(bo, "vouch", "Cy", "--level", "some");
        move(dir, bo, ada, "bo2"); // Bo's attestation waits for Cy's commitment: imported again below
        move(dir, cy, ada, "cy2");
        TestNodes.kith(ada, "import", dir.resolve("bo2.json").toString());
        move(dir, eve, ada, "eve1");
        TestNodes.kith(ada, "vouch", "Bo", "--level", "high");

        session = TestShell.session(ada);
        shell = TestShell.show(stage, session);
        shell.show(Section.PEOPLE);
        people = (PeopleController) shell.screen(Section.PEOPLE);
    }

    private static void move(Path dir, Path from, Path to, String name) {
        String file = dir.resolve(name + ".json").toString();
        TestNodes.kith(from, "export", "--out", file);
        TestNodes.kith(to, "import", file);
    }

    @AfterEach
    void close() {
        session.close();
    }

    private List<String> visible() {
        return people.model().visible.stream().map(PeopleModel.Row::name).sorted().toList();
    }

    private static Node cell(FxRobot robot, String text) {
        return robot.lookup((Node n) -> n instanceof TableCell<?, ?> c && text.equals(c.getText())).query();
    }

    private List<Views.Vouch> myVouchesFor(String who) throws Exception {
        return session.call(node -> node.queries().vouches(node.self().toBase58(), ids.get(who)))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void searchFilterExplainAndVouch(FxRobot robot) throws Exception {
        waitFor(20, () -> people.model().rows.size() == 4);
        assertEquals(List.of("carpentry", "gardening", "welding"), List.copyOf(people.model().skills));
        PeopleModel.Row bo = people.model().rows.stream().filter(r -> r.name().equals("Bo")).findFirst().orElseThrow();
        assertEquals(1.0, bo.trust(), 1e-9, "Bo is Ada's most trusted");
        Robots.shot(stage.getScene(), "people");

        robot.clickOn("#people-search").write("b");
        assertEquals(List.of("Bo"), visible());
        robot.eraseText(1);
        assertEquals(List.of("Ada", "Bo", "Cy", "Eve"), visible());
        robot.clickOn("#people-skill");
        robot.clickOn((Node n) -> n instanceof javafx.scene.control.ListCell<?> c && "welding".equals(c.getText()));
        assertEquals(List.of("Bo", "Eve"), visible());
        robot.clickOn("#people-skill-clear");
        assertEquals(4, visible().size());

        // Cy: trusted through Bo, reliable by Bo's attestation
        robot.clickOn(cell(robot, "Cy"));
        waitFor(20, () -> people.model().detail.get() != null && people.model().detail.get().name().equals("Cy"));
        assertEquals("Cy", robot.lookup("#detail-name").queryLabeled().getText());
        assertTrue(robot.lookup(".kith-path").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().equals("you → Bo → Cy")), "the path is shown");
        String reliability = robot.lookup("#detail-reliability").queryLabeled().getText();
        assertTrue(reliability.contains("1 kept"), reliability);
        assertTrue(robot.lookup(".label").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().startsWith("kept by Bo, weight")), "the counted attestation");

        // vouch high for Cy's gardening
        robot.clickOn("#vouch-level");
        robot.clickOn((Node n) -> n instanceof javafx.scene.control.ListCell<?> c
                && "High".equals(c.getText()));
        robot.clickOn("#vouch-domain").write("gardening");
        robot.clickOn("#vouch-note").write("Great beds");
        Robots.shot(stage.getScene(), "person-detail");
        robot.clickOn("#vouch-button");
        waitFor(20, () -> !people.model().vouchStatus.get().isEmpty());
        List<Views.Vouch> cyVouches = myVouchesFor("Cy");
        assertEquals(1, cyVouches.size());
        assertEquals("high", cyVouches.get(0).level());
        assertEquals("gardening", cyVouches.get(0).domain());
        assertEquals("Great beds", cyVouches.get(0).note());
        waitFor(20, () -> "high for gardening".equals(people.model().detail.get().yourVouch()));

        // Eve, opened as another screen would (Selectable): a distrust asks first
        robot.interact(() -> shell.open(Section.PEOPLE, ids.get("Eve")));
        waitFor(20, () -> people.model().detail.get().name().equals("Eve"));
        assertEquals("Eve", ((PeopleModel.Row) robot.lookup("#people-table")
                .queryAs(javafx.scene.control.TableView.class).getSelectionModel().getSelectedItem()).name());
        @SuppressWarnings("unchecked")
        ComboBox<org.kith.protocol.record.TrustLevel> level = robot.lookup("#vouch-level").queryAs(ComboBox.class);
        robot.clickOn(level);
        robot.clickOn((Node n) -> n instanceof javafx.scene.control.ListCell<?> c && "Distrust".equals(c.getText()));
        robot.clickOn("#vouch-button");
        assertTrue(robot.lookup("#vouch-confirm").query().isVisible(), "asks before distrusting");
        assertEquals(List.of(), myVouchesFor("Eve"), "nothing published yet");
        robot.clickOn("#vouch-cancel-distrust");
        assertTrue(!robot.lookup("#vouch-confirm").query().isVisible());
        assertEquals(List.of(), myVouchesFor("Eve"));
        robot.clickOn("#vouch-button");
        robot.clickOn("#vouch-confirm-distrust");
        waitFor(20, () -> !myVouchesFor("Eve").isEmpty());
        assertEquals("distrust", myVouchesFor("Eve").get(0).level());
        waitFor(20, () -> people.model().detail.get().distrusted());

        // a profile arriving (as by gossip) shows up without asking
        Ed25519KeyPair dee = Ed25519KeyPair.generate(new SecureRandom());
        var record = new RecordSigner(dee, Clock.systemUTC()).sign(SwarmId.PUBLIC, 1, null,
                new Profile("Dee", null, List.of("welding"), List.of(), List.of(), List.of(), List.of(), null, null));
        session.call(node -> node.store().ingest(record)).get(10, TimeUnit.SECONDS);
        waitFor(20, () -> people.model().rows.size() == 5);
        robot.clickOn("#people-skill");
        robot.clickOn((Node n) -> n instanceof javafx.scene.control.ListCell<?> c && "welding".equals(c.getText()));
        assertEquals(List.of("Bo", "Dee", "Eve"), visible());
    }
}
