package org.kith.ui.commitments;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kith.protocol.record.Outcome;
import org.kith.ui.projects.Dates;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Commitments screen: one list of groups (waiting for my attestation, overdue, due soon,
 * open, delivered, withdrawn) on the left, the selected commitment and its actions on the right.
 */
final class CommitmentsView {

    private final CommitmentsModel model;
    private final CommitmentsController controller;
    private final SplitPane root = new SplitPane();
    private final ListView<CommitmentsModel.Row> list = new ListView<>();
    private final VBox detail = new VBox(12);
    private final TextArea note = new TextArea();
    private final DatePicker newDue;
    private boolean confirmWithdraw;
    private String inputsFor;
    private boolean syncing;

    CommitmentsView(CommitmentsModel model, CommitmentsController controller) {
        this.model = model;
        this.controller = controller;
        this.newDue = Dates.picker("renegotiate-due", "New due date (YYYY-MM-DD)", java.time.LocalDate::now);
        note.setId("commitment-note");
        note.setPrefRowCount(2);
        note.setWrapText(true);
        note.setAccessibleText("Note");

        Label title = new Label("Commitments");
        title.getStyleClass().add(Styles.TITLE_3);
        Label hint = new Label("What you promised, and what others promised you.");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        list.setId("commitments-list");
        list.setItems(model.rows);
        list.setCellFactory(l -> new RowCell());
        list.setAccessibleText("Commitments");
        Label empty = new Label("No commitments yet. Commit to a role in Projects & gatherings.");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        empty.setWrapText(true);
        list.setPlaceholder(empty);
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (!syncing && now instanceof CommitmentsModel.Item i) {
                controller.onSelect(i.entry());
            }
        });
        model.rows.addListener((ListChangeListener<CommitmentsModel.Row>) c -> syncSelection());
        model.selected.addListener((o, was, now) -> {
            syncSelection();
            rebuild();
        });
        model.error.addListener((o, was, now) -> rebuild());
        model.notice.addListener((o, was, now) -> rebuild());
        model.busy.addListener((o, was, now) -> rebuild());
        ProgressIndicator loading = new ProgressIndicator();
        loading.setMaxSize(40, 40);
        loading.visibleProperty().bind(model.loading);
        StackPane listArea = new StackPane(list, loading);
        VBox.setVgrow(listArea, Priority.ALWAYS);
        Label loadError = new Label();
        loadError.getStyleClass().add(Styles.DANGER);
        loadError.textProperty().bind(model.loadError);
        loadError.managedProperty().bind(model.loadError.isNotEmpty());
        VBox left = new VBox(8, title, hint, loadError, listArea);
        left.setPadding(new Insets(16, 12, 12, 16));
        left.setMinWidth(320);

        detail.setPadding(new Insets(20, 24, 24, 24));
        detail.setId("commitment-detail");
        ScrollPane scroll = new ScrollPane(detail);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        root.getItems().addAll(left, scroll);
        root.setDividerPositions(0.45);
        rebuild();
    }

    Node root() {
        return root;
    }

    private void syncSelection() {
        Entry e = model.selected.get();
        syncing = true;
        try {
            if (e == null) {
                list.getSelectionModel().clearSelection();
                return;
            }
            for (int i = 0; i < model.rows.size(); i++) {
                if (model.rows.get(i) instanceof CommitmentsModel.Item it && it.entry().id().equals(e.id())) {
                    if (list.getSelectionModel().getSelectedIndex() != i) {
                        list.getSelectionModel().select(i);
                        list.scrollTo(Math.max(0, i - 1));
                    }
                    return;
                }
            }
            list.getSelectionModel().clearSelection();
        } finally {
            syncing = false;
        }
    }

    /** A group header or a commitment. */
    private static final class RowCell extends ListCell<CommitmentsModel.Row> {
        @Override
        protected void updateItem(CommitmentsModel.Row row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            getStyleClass().remove("kith-header-cell");
            if (empty || row == null) {
                setGraphic(null);
                setAccessibleText(null);
                setMouseTransparent(false);
                return;
            }
            if (row instanceof CommitmentsModel.Header h) {
                Label l = new Label(h.group().title.toUpperCase(java.util.Locale.ROOT) + "  " + h.count());
                l.getStyleClass().add("kith-group-header");
                setGraphic(l);
                setAccessibleText(h.toString());
                setMouseTransparent(true);
                getStyleClass().add("kith-header-cell");
                return;
            }
            setMouseTransparent(false);
            Entry e = ((CommitmentsModel.Item) row).entry();
            Label what = new Label(e.what());
            what.getStyleClass().add(Styles.TEXT_BOLD);
            what.setMinWidth(0);
            String line = e.proposalTitle() + " · due " + e.due()
                    + (e.group() == Entry.Group.ATTEST ? " · " + e.who() : "")
                    + (e.status().equals("open") ? "" : " · " + e.status());
            Label meta = new Label(line);
            meta.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            meta.setMinWidth(0);
            FontIcon icon = new FontIcon(icon(e.group()));
            HBox box = new HBox(8, icon, new VBox(2, what, meta));
            box.setAlignment(Pos.CENTER_LEFT);
            setGraphic(box);
            setAccessibleText(e.group().title + ": " + e.what() + ", " + line);
        }
    }

    static Feather icon(Entry.Group g) {
        return switch (g) {
            case ATTEST -> Feather.AWARD;
            case OVERDUE -> Feather.ALERT_TRIANGLE;
            case DUE_SOON -> Feather.CLOCK;
            case OPEN -> Feather.CIRCLE;
            case DELIVERED -> Feather.CHECK_CIRCLE;
            case WITHDRAWN -> Feather.X_CIRCLE;
            case OTHER -> Feather.FILE_TEXT;
        };
    }

    private void rebuild() {
        Entry e = model.selected.get();
        List<Node> nodes = new ArrayList<>();
        if (model.notice.get() != null) {
            Label n = new Label(model.notice.get(), new FontIcon(Feather.CHECK));
            n.setId("commitment-notice");
            n.getStyleClass().add(Styles.SUCCESS);
            nodes.add(n);
        }
        if (e == null) {
            if (model.error.get() != null) {
                nodes.add(error(model.error.get()));
            }
            Label hint = new Label("Select a commitment to deliver, renegotiate, withdraw or attest it.");
            hint.getStyleClass().add(Styles.TEXT_MUTED);
            hint.setWrapText(true);
            nodes.add(hint);
            detail.getChildren().setAll(nodes);
            return;
        }
        if (!e.id().equals(inputsFor)) {
            inputsFor = e.id();
            note.clear();
            confirmWithdraw = false;
            Dates.set(newDue, null);
        }
        Label what = new Label(e.what());
        what.setId("commitment-what");
        what.getStyleClass().add(Styles.TITLE_3);
        what.setWrapText(true);
        Label status = new Label(e.status());
        status.getStyleClass().addAll("kith-status-pill", "kith-status-" + e.status());
        status.setMinWidth(Region.USE_PREF_SIZE);
        HBox head = new HBox(10, new FontIcon(icon(e.group())), what, grow(), status);
        head.setAlignment(Pos.CENTER_LEFT);
        nodes.add(head);
        Hyperlink proposal = new Hyperlink("For: " + e.proposalTitle());
        proposal.setId("open-proposal");
        proposal.setTooltip(new Tooltip("Open the proposal"));
        proposal.setOnAction(ev -> controller.onOpenProposal());
        nodes.add(proposal);
        nodes.add(facts(e));
        if (e.reason() != null) {
            Label reason = new Label(e.reason());
            reason.setWrapText(true);
            nodes.add(reason);
        }
        if (!e.received().isEmpty()) {
            VBox r = new VBox(2);
            Label t = new Label("Attestations");
            t.getStyleClass().add(Styles.TITLE_4);
            r.getChildren().add(t);
            for (String s : e.received()) {
                Label l = new Label(s);
                l.setWrapText(true);
                r.getChildren().add(l);
            }
            nodes.add(r);
        }
        if (e.group() == Entry.Group.ATTEST) {
            nodes.add(attest());
        } else if (e.active()) {
            nodes.add(actions());
        }
        if (model.error.get() != null) {
            nodes.add(error(model.error.get()));
        }
        detail.getChildren().setAll(nodes);
    }

    private Node facts(Entry e) {
        VBox box = new VBox(3);
        box.getChildren().add(fact("Committed by", e.who()));
        if (e.role() != null) {
            box.getChildren().add(fact("Role", e.role()));
        }
        box.getChildren().add(fact("Due", e.due()));
        if (e.effort() != null) {
            box.getChildren().add(fact("Effort", e.effort()));
        }
        if (e.note() != null) {
            box.getChildren().add(fact("Note", e.note()));
        }
        return box;
    }

    private static Node fact(String name, String value) {
        Label n = new Label(name);
        n.getStyleClass().add(Styles.TEXT_MUTED);
        n.setMinWidth(100);
        Label v = new Label(value);
        v.setWrapText(true);
        return new HBox(8, n, v);
    }

    private Node attest() {
        Label t = new Label("Your attestation");
        t.getStyleClass().add(Styles.TITLE_4);
        note.setPromptText("Note (optional): what went well, what did not");
        Button kept = outcome("Kept", Outcome.KEPT, Feather.CHECK, Styles.SUCCESS, "attest-kept");
        Button partly = outcome("Partly kept", Outcome.PARTLY_KEPT, Feather.MINUS, Styles.WARNING,
                "attest-partly-kept");
        Button not = outcome("Not kept", Outcome.NOT_KEPT, Feather.X, Styles.DANGER, "attest-not-kept");
        HBox buttons = new HBox(8, kept, partly, not);
        busy(buttons);
        Label how = new Label("One click publishes your signed attestation; it counts toward their reliability.");
        how.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        how.setWrapText(true);
        VBox box = new VBox(8, t, note, buttons, how);
        box.getStyleClass().add("kith-card");
        return box;
    }

    private Button outcome(String text, Outcome o, Feather icon, String style, String id) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().add(style);
        b.setDisable(model.busy.get());
        b.setTooltip(new Tooltip("Attest: " + Attest.label(o)));
        b.setOnAction(ev -> controller.onAttest(o, note.getText()));
        return b;
    }

    private Node actions() {
        Label t = new Label("Update");
        t.getStyleClass().add(Styles.TITLE_4);
        note.setPromptText("Note (optional), e.g. what you delivered or why the date moves");
        Button deliver = new Button("Mark delivered", new FontIcon(Feather.CHECK_CIRCLE));
        deliver.setId("deliver");
        deliver.getStyleClass().add(Styles.ACCENT);
        deliver.setOnAction(ev -> controller.onDeliver(note.getText()));
        Button renegotiate = new Button("Renegotiate", new FontIcon(Feather.CALENDAR));
        renegotiate.setId("renegotiate");
        renegotiate.setOnAction(ev -> controller.onRenegotiate(Dates.text(newDue), note.getText()));
        HBox reneg = new HBox(8, newDue, renegotiate);
        reneg.setAlignment(Pos.CENTER_LEFT);
        Node withdraw;
        if (confirmWithdraw) {
            Label sure = new Label("Withdraw for good? Everyone involved will see it.");
            Button yes = new Button("Withdraw", new FontIcon(Feather.X_CIRCLE));
            yes.setId("withdraw-confirm");
            yes.getStyleClass().add(Styles.DANGER);
            yes.setOnAction(ev -> {
                confirmWithdraw = false;
                controller.onWithdraw(note.getText());
            });
            Button no = new Button("Keep it");
            no.setCancelButton(true);
            no.setOnAction(ev -> {
                confirmWithdraw = false;
                rebuild();
            });
            HBox row = new HBox(8, sure, yes, no);
            row.setAlignment(Pos.CENTER_LEFT);
            withdraw = row;
        } else {
            Button w = new Button("Withdraw…", new FontIcon(Feather.X_CIRCLE));
            w.setId("withdraw");
            w.getStyleClass().add(Styles.FLAT);
            w.setOnAction(ev -> {
                confirmWithdraw = true;
                rebuild();
            });
            withdraw = w;
        }
        HBox first = new HBox(8, deliver);
        busy(first);
        VBox box = new VBox(8, t, note, first, reneg, withdraw);
        box.getStyleClass().add("kith-card");
        for (Node n : List.of(deliver, renegotiate)) {
            n.setDisable(model.busy.get());
        }
        return box;
    }

    private void busy(HBox row) {
        if (model.busy.get()) {
            ProgressIndicator p = new ProgressIndicator();
            p.setMaxSize(18, 18);
            row.getChildren().add(p);
        }
    }

    private static Label error(String text) {
        Label l = new Label(text, new FontIcon(Feather.ALERT_CIRCLE));
        l.setId("commitment-error");
        l.getStyleClass().add(Styles.DANGER);
        l.setWrapText(true);
        return l;
    }

    private static Region grow() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
