package org.kith.ui.projects;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kith.protocol.record.ProposalStatus;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Projects screen: the board on the left (search, filters, a status bar with counts, one
 * virtualized list), the detail or the proposal form on the right. Ctrl+N: new proposal;
 * Ctrl+F: search.
 */
final class ProjectsView {

    private static final KeyCombination NEW = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

    private final ProjectsModel model;
    private final ProjectsController controller;
    private final SplitPane root = new SplitPane();
    private final ListView<ProposalRow> list = new ListView<>();
    private final CustomTextField search = new CustomTextField();
    private final DetailPane detail;
    private final ProposalFormView form;
    private final StackPane right = new StackPane();
    private final Label empty = new Label("Select a proposal to see its roles, who committed and the discussion.");
    private boolean selecting;

    ProjectsView(ProjectsModel model, ProjectsController controller) {
        this.model = model;
        this.controller = controller;
        this.detail = new DetailPane(model, controller);
        this.form = new ProposalFormView(model, controller);
        root.getStyleClass().add("kith-projects");
        root.getItems().addAll(board(), rightPane());
        root.setDividerPositions(0.47);
        SplitPane.setResizableWithParent(root.getItems().get(0), false);
        model.pane.addListener((o, was, now) -> showPane(now));
        showPane(model.pane.get());
        root.sceneProperty().addListener((o, was, scene) -> {
            if (was != null) {
                was.getAccelerators().remove(NEW);
                was.getAccelerators().remove(FIND);
            }
            if (scene != null) {
                accelerators(scene);
            }
        });
    }

    Node root() {
        return root;
    }

    void focusList() {
        if (model.pane.get() != ProjectsModel.Pane.CREATE && model.pane.get() != ProjectsModel.Pane.EDIT) {
            list.requestFocus();
        }
    }

    private void accelerators(Scene scene) {
        scene.getAccelerators().put(NEW, controller::onNew);
        scene.getAccelerators().put(FIND, () -> {
            search.requestFocus();
            search.selectAll();
        });
    }

    // ---- board ----------------------------------------------------------------------------

    private Node board() {
        Label title = new Label("Projects & gatherings");
        title.getStyleClass().add(Styles.TITLE_3);
        var create = new javafx.scene.control.Button("New proposal", new FontIcon(Feather.PLUS));
        create.setId("new-proposal");
        create.getStyleClass().add(Styles.ACCENT);
        create.setTooltip(new Tooltip("Propose a project or a gathering (Ctrl+N)"));
        create.setOnAction(e -> controller.onNew());
        HBox header = new HBox(8, title, grow(), create);
        header.setAlignment(Pos.CENTER_LEFT);

        search.setId("projects-search");
        search.setPromptText("Search titles, tags, people, places… (Ctrl+F)");
        search.setLeft(new FontIcon(Feather.SEARCH));
        search.setAccessibleText("Search proposals");
        search.textProperty().bindBidirectional(model.search);
        model.search.addListener((o, was, now) -> controller.onFilter());

        FlowPane filters = new FlowPane(6, 6, kindChoice(), choice("filter-skill", "Any skill", model.skills,
                v -> model.skill.set(v)), choice("filter-tag", "Any tag", model.tags, v -> model.tag.set(v)),
                swarmChoice(), mineToggle());

        FlowPane statuses = new FlowPane(4, 4);
        statuses.setId("status-bar");
        ToggleGroup group = new ToggleGroup();
        ToggleButton all = statusButton(group, null);
        all.setSelected(true);
        statuses.getChildren().add(all);
        for (ProposalStatus s : ProposalStatus.values()) {
            statuses.getChildren().add(statusButton(group, s));
        }
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true);
                return;
            }
            model.status.set((ProposalStatus) now.getUserData());
            controller.onFilter();
        });

        list.setId("projects-list");
        list.setItems(model.visible);
        list.setFixedCellSize(ProposalCell.HEIGHT);
        list.setCellFactory(l -> new ProposalCell(controller));
        list.setAccessibleText("Proposals");
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.when(model.held.isEqualTo(0))
                .then("No proposals here yet. Propose one with New proposal (Ctrl+N).")
                .otherwise("No proposal matches these filters."));
        placeholder.getStyleClass().add(Styles.TEXT_MUTED);
        placeholder.setWrapText(true);
        list.setPlaceholder(placeholder);
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && !selecting && !now.id().equals(model.selectedId.get())) {
                controller.select(now.id());
            }
        });
        model.visible.addListener((ListChangeListener<ProposalRow>) c -> reselect());
        model.selectedId.addListener((o, was, now) -> reselect());

        ProgressIndicator loading = new ProgressIndicator();
        loading.setMaxSize(48, 48);
        loading.visibleProperty().bind(model.loading);
        loading.setAccessibleText("Loading proposals");
        StackPane listArea = new StackPane(list, loading);
        VBox.setVgrow(listArea, Priority.ALWAYS);

        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.boardError);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        error.setWrapText(true);

        VBox box = new VBox(10, header, search, filters, statuses, error, listArea);
        box.setPadding(new Insets(16, 12, 12, 16));
        box.setMinWidth(360);
        return box;
    }

    /** Keeps the list's selection on the selected proposal when the visible rows change. */
    private void reselect() {
        String id = model.selectedId.get();
        ObservableList<ProposalRow> items = list.getItems();
        ProposalRow current = list.getSelectionModel().getSelectedItem();
        if (id == null || current != null && current.id().equals(id)) {
            return;
        }
        selecting = true;
        try {
            int index = -1;
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).id().equals(id)) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                list.getSelectionModel().clearSelection();
            } else {
                list.getSelectionModel().select(index);
                list.scrollTo(Math.max(0, index - 2));
            }
        } finally {
            selecting = false;
        }
    }

    private ToggleButton statusButton(ToggleGroup group, ProposalStatus s) {
        ToggleButton b = new ToggleButton();
        b.setToggleGroup(group);
        b.setUserData(s);
        b.setId("status-" + (s == null ? "all" : s.wire()));
        b.getStyleClass().add(Styles.SMALL);
        String label = s == null ? "All" : Lifecycle.label(s);
        var count = s == null ? model.total : model.counts.get(s);
        b.textProperty().bind(Bindings.concat(label, "  ", count.asString()));
        b.accessibleTextProperty().bind(Bindings.concat(label, ", ", count.asString(), " proposals"));
        return b;
    }

    private Node kindChoice() {
        ComboBox<String> box = new ComboBox<>();
        box.setId("filter-kind");
        box.getItems().addAll("Any kind", "Projects", "Gatherings");
        box.getSelectionModel().select(0);
        box.setAccessibleText("Kind");
        box.valueProperty().addListener((o, was, now) -> {
            model.kind.set("Projects".equals(now) ? "project" : "Gatherings".equals(now) ? "gathering" : null);
            controller.onFilter();
        });
        return box;
    }

    private Node choice(String id, String any, ObservableList<String> source, Consumer<String> target) {
        ComboBox<String> box = new ComboBox<>();
        box.setId(id);
        box.setAccessibleText(any);
        Runnable fill = () -> {
            String keep = box.getValue();
            List<String> items = new ArrayList<>();
            items.add(any);
            items.addAll(source);
            box.getItems().setAll(items);
            box.setValue(keep != null && items.contains(keep) ? keep : any);
        };
        fill.run();
        source.addListener((ListChangeListener<String>) c -> fill.run());
        box.valueProperty().addListener((o, was, now) -> {
            String v = now == null || now.equals(any) ? null : now;
            target.accept(v);
            controller.onFilter();
        });
        box.setMaxWidth(150);
        return box;
    }

    private Node swarmChoice() {
        ComboBox<ProjectsModel.SwarmChoice> box = new ComboBox<>();
        box.setId("filter-swarm");
        box.setAccessibleText("Swarm");
        ProjectsModel.SwarmChoice any = new ProjectsModel.SwarmChoice("Any swarm", null);
        Runnable fill = () -> {
            ProjectsModel.SwarmChoice keep = box.getValue();
            List<ProjectsModel.SwarmChoice> items = new ArrayList<>();
            items.add(any);
            items.addAll(model.swarms);
            box.getItems().setAll(items);
            box.setValue(keep != null && items.contains(keep) ? keep : any);
        };
        fill.run();
        model.swarms.addListener((ListChangeListener<ProjectsModel.SwarmChoice>) c -> fill.run());
        box.valueProperty().addListener((o, was, now) -> {
            model.swarm.set(now == null ? null : now.id());
            controller.onFilter();
        });
        return box;
    }

    private Node mineToggle() {
        ToggleButton mine = new ToggleButton("Mine", new FontIcon(Feather.USER));
        mine.setId("filter-mine");
        mine.setTooltip(new Tooltip("Only proposals you wrote or committed to"));
        mine.selectedProperty().bindBidirectional(model.mine);
        model.mine.addListener((o, was, now) -> controller.onFilter());
        return mine;
    }

    // ---- right-hand pane ------------------------------------------------------------------

    private Node rightPane() {
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        empty.setWrapText(true);
        empty.setPadding(new Insets(24));
        right.setMinWidth(420);
        return right;
    }

    private void showPane(ProjectsModel.Pane pane) {
        switch (pane) {
            case EMPTY -> right.getChildren().setAll(centered(empty));
            case DETAIL -> right.getChildren().setAll(detail.root());
            case CREATE -> {
                form.openCreate();
                right.getChildren().setAll(form.root());
                form.focusFirst();
            }
            case EDIT -> {
                form.openEdit(model.detail.get());
                right.getChildren().setAll(form.root());
                form.focusFirst();
            }
        }
    }

    private static Node centered(Node n) {
        StackPane p = new StackPane(n);
        p.setAlignment(Pos.CENTER);
        return p;
    }

    static Region grow() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /**
     * A scroll pane that fits its content's width (forms and the detail read top to bottom) and
     * scrolls the focused field into view, so Tab through a long form never leaves the view.
     */
    static ScrollPane scroll(Node content) {
        ScrollPane s = new ScrollPane(content);
        s.setFitToWidth(true);
        s.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        s.getStyleClass().add("edge-to-edge");
        javafx.beans.value.ChangeListener<Node> follow = (o, was, now) -> {
            if (now != null && isInside(now, content)) {
                ensureVisible(s, content, now);
            }
        };
        s.sceneProperty().addListener((o, was, scene) -> {
            if (was != null) {
                was.focusOwnerProperty().removeListener(follow);
            }
            if (scene != null) {
                scene.focusOwnerProperty().addListener(follow);
            }
        });
        return s;
    }

    private static boolean isInside(Node n, Node ancestor) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** Scrolls {@code s} (showing {@code content}) the least needed to show {@code n}. */
    static void ensureVisible(ScrollPane s, Node content, Node n) {
        double viewport = s.getViewportBounds().getHeight();
        double scrollable = content.getBoundsInLocal().getHeight() - viewport;
        if (scrollable <= 0) {
            return;
        }
        javafx.geometry.Bounds b = content.sceneToLocal(n.localToScene(n.getBoundsInLocal()));
        double top = s.getVvalue() * scrollable;
        if (b.getMinY() < top) {
            top = b.getMinY() - 8;
        } else if (b.getMaxY() > top + viewport) {
            top = b.getMaxY() - viewport + 8;
        } else {
            return;
        }
        s.setVvalue(Math.max(0, Math.min(1, top / scrollable)));
    }
}
