package org.kith.ui.trustmap;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.QuadCurve;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import javafx.util.Duration;
import org.kith.protocol.record.TrustLevel;
import org.kith.ui.fx.Fx;
import org.kith.ui.trustmap.TrustLayout.Layout;
import org.kith.ui.trustmap.TrustLayout.Place;
import org.kith.ui.trustmap.TrustMapSource.Edge;
import org.kith.ui.trustmap.TrustMapSource.Person;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Trust map's nodes: the drawing (scene-graph shapes in a pannable, zoomable group), the zoom
 * buttons, a legend, and beside it the people on the map as a list (keyboard access to the same
 * people: Enter opens one).
 */
final class TrustMapView {

    static final double MIN_ZOOM = 0.15;
    static final double MAX_ZOOM = 4;
    /** Names are written under the most trusted this many (and the user, and the distrusted). */
    static final int LABELLED = 40;
    private static final PseudoClass HIGHLIGHT = PseudoClass.getPseudoClass("highlighted");

    private final TrustMapModel model;
    private final TrustMapController controller;
    private final BorderPane root = new BorderPane();
    private final Pane canvas = new Pane();
    private final Group world = new Group();
    private final Group edgeLayer = new Group();
    private final Group personLayer = new Group();
    private final Translate pan = new Translate();
    private final Scale zoom = new Scale(1, 1, 0, 0);
    private final Map<String, Circle> circles = new HashMap<>();
    private final Map<String, List<Node>> edgesOf = new HashMap<>();
    private final ListView<Person> list = new ListView<>();
    /** Scale of the names: the inverse of the zoom, within bounds. */
    private final javafx.beans.binding.DoubleBinding labelScale = javafx.beans.binding.Bindings.createDoubleBinding(
            () -> Math.max(0.7, Math.min(2.5, 1 / zoom.getX())), zoom.xProperty());
    private double pressX;
    private double pressY;
    private boolean dragged;
    private boolean fitPending;

    TrustMapView(TrustMapModel model, TrustMapController controller) {
        this.model = model;
        this.controller = controller;
        root.getStyleClass().add("kith-trustmap");
        root.setTop(header());
        root.setCenter(drawing());
        root.setRight(side());
        model.highlighted.addListener((o, was, now) -> {
            highlight(was, false);
            highlight(now, true);
        });
    }

    Parent root() {
        return root;
    }

    boolean isShowing() {
        return Fx.isShowing(root);
    }

    double zoom() {
        return zoom.getX();
    }

    double panX() {
        return pan.getX();
    }

    /** The circle drawn for a person, if on the map. */
    Circle circle(String peerId) {
        return circles.get(peerId);
    }

    int edgeCount() {
        return edgeLayer.getChildren().size();
    }

    Group edges() {
        return edgeLayer;
    }

    // ---- layout of the screen ---------------------------------------------------------------

    private Node header() {
        Label title = new Label("Trust map");
        title.getStyleClass().add(Styles.TITLE_2);
        ProgressIndicator loading = new ProgressIndicator();
        loading.setPrefSize(20, 20);
        loading.visibleProperty().bind(model.loading);
        Label note = new Label();
        note.setId("trustmap-note");
        note.getStyleClass().add(Styles.TEXT_MUTED);
        note.textProperty().bind(model.note);
        Label error = new Label();
        error.setId("trustmap-error");
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.error);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox box = new HBox(12, title, loading, note, error, grow, iconButton("trustmap-zoom-in", Feather.ZOOM_IN,
                "Zoom in (+)", () -> zoomBy(1.25)), iconButton("trustmap-zoom-out", Feather.ZOOM_OUT, "Zoom out (−)",
                        () -> zoomBy(0.8)), iconButton("trustmap-reset", Feather.MAXIMIZE, "Fit the map (0)", this::fit));
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(20, 20, 8, 20));
        return box;
    }

    private Node drawing() {
        canvas.setId("trustmap-canvas");
        canvas.getStyleClass().add("kith-trustmap-canvas");
        canvas.setFocusTraversable(true);
        canvas.setAccessibleText("Trust map: drag to pan, scroll or plus and minus to zoom, 0 to fit");
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(canvas.widthProperty());
        clip.heightProperty().bind(canvas.heightProperty());
        canvas.setClip(clip);
        world.getTransforms().addAll(pan, zoom);
        world.getChildren().addAll(edgeLayer, personLayer);
        canvas.getChildren().add(world);
        canvas.setOnMousePressed(e -> {
            pressX = e.getX();
            pressY = e.getY();
            dragged = false;
            canvas.requestFocus();
        });
        canvas.setOnMouseDragged(e -> {
            double dx = e.getX() - pressX;
            double dy = e.getY() - pressY;
            if (dragged || Math.hypot(dx, dy) > 3) {
                dragged = true;
                pan.setX(pan.getX() + dx);
                pan.setY(pan.getY() + dy);
                pressX = e.getX();
                pressY = e.getY();
            }
        });
        canvas.setOnScroll(e -> {
            if (e.getDeltaY() != 0) {
                zoomAt(e.getX(), e.getY(), Math.exp(e.getDeltaY() * 0.002));
            }
            e.consume();
        });
        canvas.setOnKeyPressed(e -> {
            KeyCode k = e.getCode();
            switch (k) {
                case PLUS, EQUALS, ADD -> zoomBy(1.25);
                case MINUS, SUBTRACT -> zoomBy(0.8);
                case DIGIT0, NUMPAD0 -> fit();
                case LEFT -> pan.setX(pan.getX() + 40);
                case RIGHT -> pan.setX(pan.getX() - 40);
                case UP -> pan.setY(pan.getY() + 40);
                case DOWN -> pan.setY(pan.getY() - 40);
                default -> {
                    return;
                }
            }
            e.consume();
        });
        canvas.widthProperty().addListener((o, was, now) -> fitIfPending());
        canvas.heightProperty().addListener((o, was, now) -> fitIfPending());

        Label emptyText = new Label("Your trust map is empty. Vouch for people you know (People → Vouch), and the"
                + " people they vouch for appear here around you.");
        emptyText.setId("trustmap-empty");
        emptyText.setWrapText(true);
        emptyText.setMaxWidth(420);
        emptyText.getStyleClass().addAll(Styles.TEXT_MUTED, "kith-trustmap-empty");
        emptyText.visibleProperty().bind(model.empty);
        emptyText.setMouseTransparent(true);
        StackPane.setAlignment(emptyText, Pos.CENTER);
        StackPane.setMargin(emptyText, new Insets(140, 0, 0, 0));
        Node legend = legend();
        StackPane.setAlignment(legend, Pos.BOTTOM_LEFT);
        StackPane.setMargin(legend, new Insets(0, 0, 12, 12));
        StackPane stack = new StackPane(canvas, emptyText, legend);
        stack.setPadding(new Insets(0, 0, 0, 12));
        return stack;
    }

    private Node legend() {
        Line high = new Line(0, 0, 26, 0);
        high.getStyleClass().addAll("kith-tm-edge", "kith-tm-edge-high");
        Line some = new Line(0, 0, 26, 0);
        some.getStyleClass().addAll("kith-tm-edge", "kith-tm-edge-some");
        Line distrust = new Line(0, 0, 26, 0);
        distrust.getStyleClass().addAll("kith-tm-edge", "kith-tm-edge-distrust");
        Circle forked = new Circle(7);
        forked.getStyleClass().addAll("kith-tm-person", "kith-tm-forked");
        Circle big = new Circle(9);
        big.getStyleClass().add("kith-tm-person");
        Circle small = new Circle(4);
        small.getStyleClass().add("kith-tm-person");
        HBox row = new HBox(12, item(new HBox(3, small, big), "size: trust"), item(high, "vouch: high"),
                item(some, "vouch: some"), item(distrust, "your distrust"), item(forked, "forked feed"));
        row.setAlignment(Pos.CENTER_LEFT);
        row.setPadding(new Insets(6, 10, 6, 10));
        row.getStyleClass().add("kith-trustmap-legend");
        row.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        row.setMouseTransparent(true);
        return row;
    }

    private static Node item(Node sample, String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_SMALL);
        HBox box = new HBox(5, sample, l);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private Node side() {
        Label title = new Label("People on the map");
        title.getStyleClass().add(Styles.TITLE_4);
        list.setId("trustmap-people");
        list.setItems(model.people);
        list.setAccessibleText("People on the trust map, most trusted first; Enter opens a person");
        list.setPlaceholder(new Label("Nobody yet"));
        list.setCellFactory(v -> new PersonCell());
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) ->
                controller.onHighlight(now == null ? null : now.peerId()));
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                controller.onOpen(list.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && e.getButton() == MouseButton.PRIMARY) {
                controller.onOpen(list.getSelectionModel().getSelectedItem());
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        Label hint = new Label("Double-click or Enter opens a person.");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox box = new VBox(8, title, list, hint);
        box.setPadding(new Insets(0, 20, 16, 12));
        box.setPrefWidth(250);
        return box;
    }

    private static Button iconButton(String id, Feather icon, String text, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setAccessibleText(text);
        b.setTooltip(new Tooltip(text));
        b.setOnAction(e -> action.run());
        return b;
    }

    // ---- drawing ----------------------------------------------------------------------------

    /** Redraws the map for {@code layout}; {@code fit}: frame it (the first time), else keep pan and zoom. */
    void draw(Layout layout, boolean fit) {
        circles.clear();
        edgesOf.clear();
        List<Node> edgeNodes = new ArrayList<>();
        for (Edge e : model.graph.get().edges()) {
            Place a = layout.place(e.from());
            Place b = layout.place(e.to());
            if (a != null && b != null) {
                Group g = edge(e, a, b);
                edgeNodes.add(g);
                edgesOf.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(g);
                edgesOf.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(g);
            }
        }
        edgeLayer.getChildren().setAll(edgeNodes);
        Set<String> labelled = new HashSet<>();
        layout.places().values().stream().map(Place::person).filter(p -> !p.user())
                .sorted(Comparator.comparingDouble(Person::trust).reversed()).limit(LABELLED)
                .forEach(p -> labelled.add(p.peerId()));
        List<Node> people = new ArrayList<>();
        for (Place p : layout.places().values()) {
            boolean label = p.person().user() || p.person().distrusted() || labelled.contains(p.person().peerId());
            people.add(person(p, label));
        }
        personLayer.getChildren().setAll(people);
        highlight(model.highlighted.get(), true);
        if (fit) {
            fitPending = true;
            fitIfPending();
        }
    }

    private Group edge(Edge e, Place a, Place b) {
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        double len = Math.hypot(dx, dy);
        Group g = new Group();
        if (len < 1e-6) {
            return g;
        }
        // A gentle curve bending to the right of its direction: two people vouching for each other
        // get two arcs, not one line on the other; one that would run through the centre (the
        // user) bends wider.
        double nx = -dy / len;
        double ny = dx / len;
        double bend = passesNearCentre(a, b) ? 0.45 : 0.12;
        double cx = (a.x() + b.x()) / 2 + nx * bend * len;
        double cy = (a.y() + b.y()) / 2 + ny * bend * len;
        double[] start = towards(a, cx, cy, a.radius());
        double[] end = towards(b, cx, cy, b.radius() + 2);
        double tx = end[0] - cx;
        double ty = end[1] - cy;
        double tl = Math.hypot(tx, ty);
        double ux = tx / tl;
        double uy = ty / tl;
        String kind = switch (e.level()) {
            case HIGH -> "kith-tm-edge-high";
            case DISTRUST -> "kith-tm-edge-distrust";
            default -> "kith-tm-edge-some";
        };
        double head = e.level() == TrustLevel.HIGH ? 10 : 8;
        double ex = end[0];
        double ey = end[1];
        QuadCurve curve = new QuadCurve(start[0], start[1], cx, cy, ex - ux * head * 0.8, ey - uy * head * 0.8);
        curve.setFill(null);
        curve.getStyleClass().addAll("kith-tm-edge", kind);
        Polygon arrow = new Polygon(ex, ey, ex - ux * head - uy * head * 0.5, ey - uy * head + ux * head * 0.5,
                ex - ux * head + uy * head * 0.5, ey - uy * head - ux * head * 0.5);
        arrow.getStyleClass().addAll("kith-tm-arrow", kind);
        g.getChildren().addAll(curve, arrow);
        g.getStyleClass().add("kith-tm-edge-group");
        g.setUserData(e);
        g.setMouseTransparent(true);
        return g;
    }

    /** Whether the straight segment a–b passes close to the centre, where the user is, without ending there. */
    private static boolean passesNearCentre(Place a, Place b) {
        if (a.ring() == 0 || b.ring() == 0) {
            return false;
        }
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        double t = Math.max(0, Math.min(1, -(a.x() * dx + a.y() * dy) / (dx * dx + dy * dy)));
        return Math.hypot(a.x() + t * dx, a.y() + t * dy) < TrustLayout.USER_RADIUS + 30;
    }

    /** The point on the circle of {@code p} (radius {@code r}) towards ({@code x}, {@code y}). */
    private static double[] towards(Place p, double x, double y, double r) {
        double dx = x - p.x();
        double dy = y - p.y();
        double l = Math.max(1e-6, Math.hypot(dx, dy));
        return new double[] {p.x() + dx / l * r, p.y() + dy / l * r};
    }

    private Node person(Place place, boolean withLabel) {
        Person p = place.person();
        Circle c = new Circle(place.x(), place.y(), place.radius());
        c.setId("tm-person-" + p.peerId());
        c.getStyleClass().add("kith-tm-person");
        if (p.user()) {
            c.getStyleClass().add("kith-tm-user");
        }
        if (p.distrusted()) {
            c.getStyleClass().add("kith-tm-distrusted");
        }
        if (p.forked()) {
            c.getStyleClass().add("kith-tm-forked");
        }
        c.setUserData(p);
        c.setAccessibleText(describe(p));
        Tooltip tip = new Tooltip(describe(p));
        tip.setShowDelay(Duration.millis(150));
        Tooltip.install(c, tip);
        c.setOnMouseEntered(e -> controller.onHighlight(p.peerId()));
        c.setOnMouseExited(e -> {
            if (p.peerId().equals(model.highlighted.get())) {
                controller.onHighlight(selectedInList());
            }
        });
        c.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && !dragged) {
                controller.onOpen(p);
            }
        });
        circles.put(p.peerId(), c);
        Group g = new Group(c);
        if (p.forked()) {
            Text mark = new Text("!");
            mark.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 12));
            mark.getStyleClass().add("kith-tm-fork-mark");
            mark.setX(place.x() + place.radius() * 0.7);
            mark.setY(place.y() - place.radius() * 0.7);
            mark.setMouseTransparent(true);
            g.getChildren().add(mark);
        }
        if (withLabel) {
            Text name = new Text(p.user() ? "You" : p.label());
            name.setFont(Font.font(p.user() ? 13 : 11));
            name.getStyleClass().add(p.user() ? "kith-tm-label-user" : "kith-tm-label");
            name.setX(place.x() - name.getLayoutBounds().getWidth() / 2);
            name.setY(place.y() + place.radius() + 14);
            name.setMouseTransparent(true);
            // Names keep a readable size on screen whatever the zoom.
            name.scaleXProperty().bind(labelScale);
            name.scaleYProperty().bind(labelScale);
            g.getChildren().add(name);
        }
        return g;
    }

    /** What the tooltip and a screen reader say about a person. */
    static String describe(Person p) {
        if (p.user()) {
            return "You";
        }
        StringBuilder b = new StringBuilder(p.label()).append("\nTrust ")
                .append(String.format(Locale.ROOT, "%.2f", p.trust()));
        if (p.direct() != null) {
            b.append(" · you vouched: ").append(p.direct().wire());
        }
        if (p.distrusted()) {
            b.append("\nYou distrust them");
        }
        if (p.forked()) {
            b.append("\nForked feed: they signed two different histories");
        }
        return b.append("\nClick to open").toString();
    }

    private String selectedInList() {
        Person p = list.getSelectionModel().getSelectedItem();
        return p == null ? null : p.peerId();
    }

    private void highlight(String peerId, boolean on) {
        if (peerId == null) {
            return;
        }
        Circle c = circles.get(peerId);
        if (c != null) {
            c.pseudoClassStateChanged(HIGHLIGHT, on);
        }
        for (Node e : edgesOf.getOrDefault(peerId, List.of())) {
            e.pseudoClassStateChanged(HIGHLIGHT, on);
        }
    }

    // ---- pan and zoom -----------------------------------------------------------------------

    /** Zooms by {@code factor} about the point ({@code x}, {@code y}) of the canvas. */
    void zoomAt(double x, double y, double factor) {
        double s = zoom.getX();
        double next = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, s * factor));
        // Keep the world point under (x, y) where it is.
        double wx = (x - pan.getX()) / s;
        double wy = (y - pan.getY()) / s;
        zoom.setX(next);
        zoom.setY(next);
        pan.setX(x - next * wx);
        pan.setY(y - next * wy);
    }

    void zoomBy(double factor) {
        zoomAt(canvas.getWidth() / 2, canvas.getHeight() / 2, factor);
    }

    /** Frames the whole map in the canvas (zoom at most 1.5). */
    void fit() {
        Layout layout = model.layout.get();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (layout == null || w <= 0 || h <= 0) {
            fitPending = true;
            return;
        }
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Place p : layout.places().values()) {
            minX = Math.min(minX, p.x() - p.radius());
            minY = Math.min(minY, p.y() - p.radius());
            maxX = Math.max(maxX, p.x() + p.radius());
            maxY = Math.max(maxY, p.y() + p.radius() + 18);
        }
        if (minX > maxX) {
            return;
        }
        // Room around the map, more at the bottom where the legend is.
        double pad = 30;
        double legend = 50;
        double s = Math.max(MIN_ZOOM, Math.min(1.5, Math.min(w / (maxX - minX + 2 * pad), (h - legend)
                / (maxY - minY + 2 * pad))));
        zoom.setX(s);
        zoom.setY(s);
        pan.setX(w / 2 - s * (minX + maxX) / 2);
        pan.setY((h - legend) / 2 - s * (minY + maxY) / 2);
    }

    private void fitIfPending() {
        if (fitPending && canvas.getWidth() > 0 && canvas.getHeight() > 0 && model.layout.get() != null) {
            fitPending = false;
            fit();
        }
    }

    private final class PersonCell extends ListCell<Person> {
        @Override
        protected void updateItem(Person p, boolean empty) {
            super.updateItem(p, empty);
            if (empty || p == null) {
                setText(null);
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            Label name = new Label(p.label());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            List<String> marks = new ArrayList<>();
            if (p.direct() != null) {
                marks.add("you: " + p.direct().wire());
            }
            if (p.forked()) {
                marks.add("forked");
            }
            Label sub = new Label(String.format(Locale.ROOT, "trust %.2f", p.trust())
                    + (marks.isEmpty() ? "" : " · " + String.join(" · ", marks)));
            sub.getStyleClass().addAll(Styles.TEXT_SMALL, p.distrusted() || p.forked() ? Styles.DANGER
                    : Styles.TEXT_MUTED);
            ProgressBar bar = new ProgressBar(p.trust());
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.getStyleClass().add(Styles.SMALL);
            VBox box = new VBox(2, name, sub, bar);
            setText(null);
            setGraphic(box);
            setAccessibleText(describe(p).replace('\n', ','));
        }
    }
}
