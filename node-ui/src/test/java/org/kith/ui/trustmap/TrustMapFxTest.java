package org.kith.ui.trustmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.TrustLevel;
import org.kith.ui.app.NodeSession;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.ShellController;
import org.kith.ui.testing.Robots;
import org.kith.ui.testing.TestNodes;
import org.kith.ui.testing.TestShell;
import org.kith.ui.trustmap.TrustMapSource.Edge;
import org.kith.ui.trustmap.TrustMapSource.Graph;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Trust map in the shell on a real node: a vouch network built with the CLI on seven homes
 * and imported into Ada's; what the store says is what is drawn; a new vouch redraws it; a click
 * opens the person in People. Saves {@code trust-map.png}.
 */
@ExtendWith(ApplicationExtension.class)
class TrustMapFxTest {

    @TempDir
    static Path tmp;

    private final Map<String, String> ids = new LinkedHashMap<>();
    private NodeSession session;
    private ShellController shell;

    private String id(Path home) {
        String out = TestNodes.kith(home, "whoami");
        return out.lines().filter(l -> l.startsWith("peer ID:")).findFirst().orElseThrow().substring(8).strip();
    }

    @Start
    void start(Stage stage) throws Exception {
        for (String name : List.of("Ada", "Bo", "Cy", "Dee", "Eve", "Fay", "Gus")) {
            Path home = TestNodes.identity(tmp.resolve(name.toLowerCase()), name);
            ids.put(name, id(home));
        }
        vouch("Ada", "Bo", "high");
        vouch("Ada", "Cy", "some");
        vouch("Ada", "Dee", "distrust");
        vouch("Bo", "Eve", "high");
        vouch("Bo", "Cy", "high");
        vouch("Cy", "Fay", "some");
        vouch("Eve", "Gus", "some");
        vouch("Gus", "Eve", "high");
        Path ada = tmp.resolve("ada");
        for (String name : List.of("Bo", "Cy", "Dee", "Eve", "Fay", "Gus")) {
            Path bundle = tmp.resolve(name + ".json");
            TestNodes.kith(tmp.resolve(name.toLowerCase()), "export", "--out", bundle.toString());
            TestNodes.kith(ada, "import", bundle.toString());
        }
        session = TestShell.session(ada);
        shell = TestShell.show(stage, session);
    }

    private void vouch(String from, String to, String level) {
        TestNodes.kith(tmp.resolve(from.toLowerCase()), "vouch", ids.get(to), "--level", level);
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void drawsTheStoresTrustNetworkFollowsANewVouchAndOpensAPerson(FxRobot robot) throws Exception {
        robot.clickOn("#nav-trust_map");
        TrustMapController map = (TrustMapController) shell.screen(Section.TRUST_MAP);
        Robots.await("drawn", 20, () -> map.view().circle(ids.get("Gus")) != null);
        Graph g = map.model().graph.get();
        assertEquals(ids.get("Ada"), g.user());
        assertEquals(7, g.people().size(), "Ada, the five she trusts through vouches, and Dee whom she distrusts");
        assertTrue(g.edges().contains(new Edge(ids.get("Ada"), ids.get("Dee"), TrustLevel.DISTRUST)));
        assertTrue(g.edges().contains(new Edge(ids.get("Bo"), ids.get("Eve"), TrustLevel.HIGH)));
        assertEquals(8, g.edges().size(), "every vouch of the fixture");
        assertTrue(g.people().stream().filter(p -> p.peerId().equals(ids.get("Dee"))).findFirst().orElseThrow()
                .distrusted());
        assertEquals("Bo", g.people().stream().filter(p -> p.peerId().equals(ids.get("Bo"))).findFirst()
                .orElseThrow().name());
        TrustLayout.Layout layout = map.model().layout.get();
        assertEquals(1, layout.place(ids.get("Bo")).ring());
        assertEquals(2, layout.place(ids.get("Eve")).ring());
        assertEquals(3, layout.place(ids.get("Gus")).ring());
        Path png = Robots.shot(robot.window(0).getScene(), "trust-map");
        assertTrue(Files.size(png) > 1000);

        // Ada now vouches for Gus herself: the map redraws with the new arrow, Gus one step away.
        PeerId gus = PeerId.parse(ids.get("Gus"));
        session.call(node -> node.vouch(gus, TrustLevel.HIGH, null, null)).get(10, TimeUnit.SECONDS);
        Robots.await("Ada's vouch for Gus drawn", 20, () -> map.model().graph.get().edges().contains(new Edge(ids.get("Ada"),
                ids.get("Gus"), TrustLevel.HIGH)));
        assertEquals(1, map.model().layout.get().place(ids.get("Gus")).ring());

        assertFalse(map.view().circle(ids.get("Bo")).getRadius() < TrustLayout.MIN_RADIUS);
        robot.clickOn(map.view().circle(ids.get("Bo")), MouseButton.PRIMARY);
        assertEquals(Section.PEOPLE, shell.current(), "a click opens the person in People");
        assertNotNull(shell.screen(Section.PEOPLE));
    }
}
