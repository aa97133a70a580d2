package org.kith.ui.trustmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kith.ui.testing.Robots.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.shape.Circle;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kith.protocol.record.TrustLevel;
import org.kith.ui.testing.TestShell;
import org.kith.ui.trustmap.TrustMapSource.Edge;
import org.kith.ui.trustmap.TrustMapSource.Graph;
import org.kith.ui.trustmap.TrustMapSource.Person;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Trust map on a fake source: what is drawn, click to open, pan and zoom, redraw on change, the cap. */
@ExtendWith(ApplicationExtension.class)
class TrustMapControllerTest {

    private final FakeTrustMapSource source = new FakeTrustMapSource(withForkedCy());
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private TrustMapController controller;

    static Graph withForkedCy() {
        Graph g = TrustLayoutTest.small();
        List<Person> people = new ArrayList<>();
        for (Person p : g.people()) {
            people.add(p.peerId().equals("cy") ? new Person("cy", "Cy", p.trust(), false, true, false, null) : p);
        }
        return new Graph(g.user(), people, g.edges(), g.trusted());
    }

    @Start
    void start(Stage stage) {
        TestShell.lightTheme();
        controller = new TrustMapController(source, opened::add, 3);
        TestShell.show(stage, (javafx.scene.Parent) controller.root(), 1000, 700);
        controller.onShow();
    }


    private TrustMapView view() {
        return controller.view();
    }

    @Test
    void drawsPeopleVouchesDistrustAndForks(FxRobot robot) throws Exception {
        await("drawn", 10, () -> view().circle("eve") != null);
        assertEquals(3, source.limits.get(0), "the cap is passed to the source");
        assertEquals(4, view().edgeCount());
        assertTrue(view().circle("me").getStyleClass().contains("kith-tm-user"));
        assertTrue(view().circle("cy").getStyleClass().contains("kith-tm-forked"));
        assertTrue(view().circle("dee").getStyleClass().contains("kith-tm-distrusted"));
        assertTrue(view().circle("bo").getRadius() > view().circle("eve").getRadius());
        long distrust = view().edges().getChildren().stream().filter(n -> ((Edge) n.getUserData()).level()
                == TrustLevel.DISTRUST).count();
        assertEquals(1, distrust);
        Group distrustEdge = (Group) view().edges().getChildren().stream().filter(n -> ((Edge) n.getUserData())
                .level() == TrustLevel.DISTRUST).findFirst().orElseThrow();
        assertTrue(distrustEdge.getChildren().get(0).getStyleClass().contains("kith-tm-edge-distrust"));
        assertTrue(TrustMapView.describe(source.graph.people().get(2)).contains("Forked feed"));
        assertEquals("", robot.lookup("#trustmap-note").queryAs(Label.class).getText(), "not capped");
        assertTrue(!robot.lookup("#trustmap-empty").query().isVisible());
    }

    @Test
    void clickingAPersonOpensThemAndTheUserIsNotALink(FxRobot robot) throws Exception {
        await("drawn", 10, () -> view().circle("bo") != null);
        robot.clickOn(view().circle("bo"), MouseButton.PRIMARY);
        assertEquals(List.of("bo"), opened);
        robot.clickOn(view().circle("me"), MouseButton.PRIMARY);
        assertEquals(List.of("bo"), opened, "clicking yourself opens nothing");

        ListView<?> list = robot.lookup("#trustmap-people").queryAs(ListView.class);
        assertEquals(4, list.getItems().size(), "everyone but the user, in the side list");
        robot.interact(() -> list.getSelectionModel().select(1));
        robot.clickOn(list).type(KeyCode.ENTER);
        assertEquals(2, opened.size());
    }

    @Test
    void zoomButtonsScrollDragAndResetMoveTheMap(FxRobot robot) throws Exception {
        await("drawn", 10, () -> view().circle("bo") != null);
        double fitted = view().zoom();
        robot.clickOn("#trustmap-zoom-in");
        assertEquals(fitted * 1.25, view().zoom(), 1e-9);
        robot.clickOn("#trustmap-zoom-out").clickOn("#trustmap-zoom-out");
        assertEquals(fitted * 1.25 * 0.8 * 0.8, view().zoom(), 1e-9);

        Node canvas = robot.lookup("#trustmap-canvas").query();
        double before = view().panX();
        Point2D centre = robot.point(canvas).query();
        robot.drag(centre.add(0, 200), MouseButton.PRIMARY).moveBy(120, 0).drop();
        assertEquals(before + 120, view().panX(), 2.0);
        assertTrue(opened.isEmpty(), "a drag is not a click");

        robot.moveTo(canvas).scroll(3, javafx.geometry.VerticalDirection.UP);
        assertNotEquals(fitted * 0.8, view().zoom());
        robot.clickOn("#trustmap-reset");
        assertEquals(fitted, view().zoom(), 1e-9);
    }

    @Test
    void aChangeRedrawsTheMapAndTheCapIsNoted(FxRobot robot) throws Exception {
        await("drawn", 10, () -> view().circle("bo") != null);
        assertNull(view().circle("fay"));
        Graph g = source.graph;
        List<Person> people = new ArrayList<>(g.people());
        people.add(TrustLayoutTest.person("fay", 0.2));
        List<Edge> edges = new ArrayList<>(g.edges());
        edges.add(new Edge("bo", "fay", TrustLevel.SOME));
        source.change(new Graph(g.user(), people, edges, 40));
        await("Fay drawn", 10, () -> view().circle("fay") != null);
        assertNotNull(view().circle("fay"));
        assertEquals(5, view().edgeCount());
        assertEquals("Showing the 4 most trusted of 40 people you trust",
                robot.lookup("#trustmap-note").queryAs(Label.class).getText());
    }

    @Test
    void aLoneUserSeesHowToStart(FxRobot robot) throws Exception {
        robot.interact(() -> source.change(new Graph("me", List.of(new Person("me", "Me", 1, true, false, false,
                null)), List.of(), 0)));
        await("empty", 10, () -> robot.lookup("#trustmap-empty").query().isVisible());
        Circle me = view().circle("me");
        assertNotNull(me);
    }
}
