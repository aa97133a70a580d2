package org.kith.ui.inbox;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kith.node.workflow.Inbox;
import org.kith.protocol.record.Outcome;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The inbox: a heading, the last action's outcome, and one list of grouped items with their actions. */
final class InboxView {

    private final InboxModel model;
    private final InboxController controller;
    private final VBox root;

    InboxView(InboxModel model, InboxController controller) {
        this.model = model;
        this.controller = controller;
        Label title = new Label("Inbox");
        title.getStyleClass().add(Styles.TITLE_3);
        Label count = new Label();
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(javafx.beans.binding.Bindings.when(model.count.isEqualTo(1))
                .then("1 thing needs you").otherwise(model.count.asString().concat(" things need you")));
        count.visibleProperty().bind(model.count.greaterThan(0));
        HBox header = new HBox(12, title, count);
        header.setAlignment(Pos.BASELINE_LEFT);

        Label notice = new Label(null, new FontIcon(Feather.CHECK));
        notice.setId("inbox-notice");
        notice.getStyleClass().add(Styles.SUCCESS);
        notice.textProperty().bind(model.notice);
        notice.managedProperty().bind(model.notice.isNotEmpty());
        notice.visibleProperty().bind(notice.managedProperty());
        Label error = new Label(null, new FontIcon(Feather.ALERT_CIRCLE));
        error.setId("inbox-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(model.error);
        error.managedProperty().bind(model.error.isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());

        ListView<InboxModel.Row> list = new ListView<>(model.rows);
        list.setId("inbox-list");
        list.setCellFactory(l -> new InboxCell());
        list.setAccessibleText("Inbox");
        FontIcon calm = new FontIcon(Feather.COFFEE);
        calm.setIconSize(40);
        calm.getStyleClass().add(Styles.TEXT_MUTED);
        Label nothing = new Label("Nothing needs you right now");
        nothing.setId("inbox-empty");
        nothing.getStyleClass().add(Styles.TITLE_4);
        Label why = new Label("Attestations to give, commitments coming due and new proposals for your skills"
                + " appear here.");
        why.getStyleClass().add(Styles.TEXT_MUTED);
        why.setWrapText(true);
        VBox empty = new VBox(10, calm, nothing, why);
        empty.setAlignment(Pos.CENTER);
        empty.setMaxWidth(420);
        empty.visibleProperty().bind(model.loading.not());
        list.setPlaceholder(empty);
        ProgressIndicator loading = new ProgressIndicator();
        loading.setMaxSize(40, 40);
        loading.visibleProperty().bind(model.loading);
        StackPane area = new StackPane(list, loading);
        VBox.setVgrow(area, Priority.ALWAYS);
        root = new VBox(10, header, notice, error, area);
        root.setPadding(new Insets(16, 24, 16, 24));
    }

    Node root() {
        return root;
    }

    /** A group header, or an item with its actions. */
    private final class InboxCell extends ListCell<InboxModel.Row> {
        private final TextField note = new TextField();
        private String noteFor;
        private boolean filling;

        InboxCell() {
            note.setPromptText("Note (optional)");
            note.setAccessibleText("Attestation note");
            note.getStyleClass().add("kith-inbox-note");
            HBox.setHgrow(note, Priority.ALWAYS);
            note.textProperty().addListener((o, was, now) -> {
                if (!filling && noteFor != null) {
                    controller.onNote(noteFor, now);
                }
            });
        }

        @Override
        protected void updateItem(InboxModel.Row row, boolean empty) {
            super.updateItem(row, empty);
            setText(null);
            noteFor = null;
            if (empty || row == null) {
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            if (row instanceof InboxModel.Header h) {
                Label l = new Label(title(h.kind()).toUpperCase(java.util.Locale.ROOT) + "  " + h.count());
                l.getStyleClass().add("kith-group-header");
                setGraphic(l);
                setAccessibleText(title(h.kind()) + ", " + h.count());
                return;
            }
            Inbox.Item item = ((InboxModel.Item) row).item();
            Label t = new Label(item.title());
            t.getStyleClass().add(Styles.TEXT_BOLD);
            t.setMinWidth(0);
            Label detail = new Label(item.detail());
            detail.setWrapText(true);
            detail.setMinWidth(0);
            detail.getStyleClass().add(Styles.TEXT_MUTED);
            Label date = new Label(item.date());
            date.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            HBox top = new HBox(8, new FontIcon(icon(item.kind())), t, grow(), date);
            top.setAlignment(Pos.CENTER_LEFT);
            VBox box = new VBox(4, top, detail);
            switch (item.kind()) {
                case ATTEST -> box.getChildren().add(attest(item));
                case OVERDUE, DUE_SOON -> box.getChildren().add(open("Open commitment", "inbox-open-" + item.id(),
                        () -> controller.onOpenCommitment(item.id()), Feather.CHECK_SQUARE));
                case MATCH -> box.getChildren().add(open("Open proposal", "inbox-open-" + item.id(),
                        () -> controller.onOpenProposal(item.proposalId()), Feather.ARROW_RIGHT));
            }
            box.setPadding(new Insets(4, 0, 4, 0));
            box.setMinWidth(0);
            box.prefWidthProperty().bind(getListView().widthProperty().subtract(40));
            setGraphic(box);
            setAccessibleText(title(item.kind()) + ": " + item.title() + ". " + item.detail());
        }

        private Node attest(Inbox.Item item) {
            filling = true;
            note.setText(model.notes.getOrDefault(item.id(), ""));
            filling = false;
            noteFor = item.id();
            note.setId("inbox-note-" + item.id());
            Button kept = outcome("Kept", Outcome.KEPT, Feather.CHECK, Styles.SUCCESS, item);
            Button partly = outcome("Partly", Outcome.PARTLY_KEPT, Feather.MINUS, Styles.WARNING, item);
            Button not = outcome("Not kept", Outcome.NOT_KEPT, Feather.X, Styles.DANGER, item);
            Button open = new Button(null, new FontIcon(Feather.EXTERNAL_LINK));
            open.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
            open.setId("inbox-open-" + item.id());
            open.setAccessibleText("Open the commitment");
            open.setTooltip(new Tooltip("Open the commitment"));
            open.setOnAction(e -> controller.onOpenCommitment(item.id()));
            HBox row = new HBox(6, note, kept, partly, not, open);
            row.setAlignment(Pos.CENTER_LEFT);
            return row;
        }

        private Button outcome(String text, Outcome o, Feather icon, String style, Inbox.Item item) {
            Button b = new Button(text, new FontIcon(icon));
            b.setId("inbox-" + o.wire() + "-" + item.id());
            b.getStyleClass().addAll(style, Styles.SMALL);
            b.disableProperty().bind(model.busy);
            String what = switch (o) {
                case KEPT -> "kept";
                case PARTLY_KEPT -> "partly kept";
                case NOT_KEPT -> "not kept";
            };
            b.setTooltip(new Tooltip("Attest: " + what + ", with the note if any"));
            b.setAccessibleText("Attest " + what);
            b.setOnAction(e -> controller.onAttest(item.id(), o));
            return b;
        }

        private Node open(String text, String id, Runnable action, Feather icon) {
            Button b = new Button(text, new FontIcon(icon));
            b.setId(id);
            b.getStyleClass().addAll(Styles.SMALL);
            b.setOnAction(e -> action.run());
            return b;
        }
    }

    static String title(Inbox.Kind k) {
        return switch (k) {
            case ATTEST -> "To attest";
            case OVERDUE -> "Overdue";
            case DUE_SOON -> "Due soon";
            case MATCH -> "New proposals for your skills";
        };
    }

    static Feather icon(Inbox.Kind k) {
        return switch (k) {
            case ATTEST -> Feather.AWARD;
            case OVERDUE -> Feather.ALERT_TRIANGLE;
            case DUE_SOON -> Feather.CLOCK;
            case MATCH -> Feather.STAR;
        };
    }

    private static javafx.scene.layout.Region grow() {
        javafx.scene.layout.Region r = new javafx.scene.layout.Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
