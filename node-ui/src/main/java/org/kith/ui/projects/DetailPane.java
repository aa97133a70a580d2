package org.kith.ui.projects;

import atlantafx.base.theme.Styles;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kith.node.store.Views;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.WireEnum;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The detail of one proposal: what it is, who wrote it (with trust), its roles and who committed
 * to which, the discussion, where this node got it; and the actions (edit and move the status for
 * the author, commit to a role, RSVP to a gathering, comment). Rebuilt when the detail reloads;
 * the text being typed (commit form, comment, RSVP note) lives in fields that survive rebuilds.
 */
final class DetailPane {

    private final ProjectsModel model;
    private final ProjectsController controller;
    private final VBox content = new VBox(14);
    private final StackPane root;

    private final TextArea commitWhat = new TextArea();
    private final DatePicker commitDue;
    private final TextField commitEffort = new TextField();
    private final TextArea comment = new TextArea();
    private final TextField rsvpNote = new TextField();
    private String commitFormFor;

    DetailPane(ProjectsModel model, ProjectsController controller) {
        this.model = model;
        this.controller = controller;
        this.commitDue = Dates.picker("commit-due", "Due date (YYYY-MM-DD)", controller::today);
        commitWhat.setId("commit-what");
        commitWhat.setPromptText("What you will do");
        commitWhat.setPrefRowCount(2);
        commitWhat.setWrapText(true);
        commitWhat.setAccessibleText("What you will do");
        commitEffort.setId("commit-effort");
        commitEffort.setPromptText("Effort, e.g. 2 days");
        commitEffort.setAccessibleText("Effort");
        comment.setId("comment-text");
        comment.setPromptText("Add to the discussion");
        comment.setPrefRowCount(2);
        comment.setWrapText(true);
        comment.setAccessibleText("Comment");
        rsvpNote.setId("rsvp-note");
        rsvpNote.setPromptText("Note (optional), e.g. bringing a tent");
        rsvpNote.setAccessibleText("RSVP note");
        content.setPadding(new Insets(20, 24, 24, 24));
        content.setFillWidth(true);
        ProgressIndicator loading = new ProgressIndicator();
        loading.setMaxSize(40, 40);
        loading.visibleProperty().bind(model.detailLoading.and(model.detail.isNull()));
        root = new StackPane(ProjectsView.scroll(content), loading);
        root.setId("proposal-detail");
        model.detail.addListener((o, was, now) -> rebuild());
        model.committingTo.addListener((o, was, now) -> rebuild());
        model.commitErrors.addListener((javafx.collections.MapChangeListener<String, String>) c -> rebuild());
        model.detailError.addListener((o, was, now) -> rebuild());
        model.chainCheck.addListener((o, was, now) -> rebuild());
        rebuild();
    }

    Node root() {
        return root;
    }

    private void rebuild() {
        ProposalDetail d = model.detail.get();
        List<Node> nodes = new ArrayList<>();
        if (d == null) {
            if (model.detailError.get() != null) {
                nodes.add(error(model.detailError.get(), "detail-error"));
            }
            content.getChildren().setAll(nodes);
            return;
        }
        Views.Proposal p = d.proposal();
        ProposalStatus status = WireEnum.fromWire(ProposalStatus.class, p.status());
        boolean gathering = "gathering".equals(p.kind());
        boolean closed = status != null && Lifecycle.isFinal(status);

        Label title = new Label(p.title());
        title.setId("detail-title");
        title.getStyleClass().add(Styles.TITLE_2);
        title.setWrapText(true);
        Label pill = new Label(status == null ? p.status() : Lifecycle.label(status));
        pill.setId("detail-status");
        pill.getStyleClass().addAll("kith-status-pill", "kith-status-" + p.status());
        pill.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox head = new HBox(10, new FontIcon(gathering ? Feather.CALENDAR : Feather.LAYERS), title,
                ProjectsView.grow(), pill);
        head.setAlignment(Pos.CENTER_LEFT);
        nodes.add(head);

        Label meta = muted((gathering ? "Gathering" : "Project") + " in the " + d.swarmName() + " swarm · by "
                + d.author());
        meta.setId("detail-author");
        nodes.add(meta);

        Node actions = actions(d, status, gathering, closed);
        if (actions != null) {
            nodes.add(actions);
        }
        if (model.detailError.get() != null) {
            nodes.add(error(model.detailError.get(), "detail-error"));
        }
        if (p.whenStart() != null || p.place() != null) {
            nodes.add(section("When and where", whenWhere(p)));
        }
        Label summary = new Label(p.summary());
        summary.setId("detail-summary");
        summary.setWrapText(true);
        nodes.add(summary);
        if (p.details() != null) {
            Label details = new Label(p.details());
            details.setWrapText(true);
            nodes.add(section("Details", details));
        }
        if (!p.tags().isEmpty()) {
            FlowPane tags = new FlowPane(6, 6);
            for (String t : p.tags()) {
                Label tag = new Label("#" + t);
                tag.getStyleClass().add("kith-tag");
                tags.getChildren().add(tag);
            }
            nodes.add(tags);
        }
        nodes.add(roles(d, closed));
        nodes.add(discussion(d));
        nodes.add(new Separator());
        nodes.add(provenance(d));
        content.getChildren().setAll(nodes);
    }

    private Node actions(ProposalDetail d, ProposalStatus status, boolean gathering, boolean closed) {
        HBox row = new HBox(8);
        row.setAlignment(Pos.CENTER_LEFT);
        if (d.mine() && !closed) {
            Button edit = new Button("Edit", new FontIcon(Feather.EDIT_2));
            edit.setId("detail-edit");
            edit.setTooltip(new Tooltip("Edit this proposal"));
            edit.setOnAction(e -> controller.onEdit());
            MenuButton move = new MenuButton("Move to");
            move.setId("detail-move");
            move.setTooltip(new Tooltip("Change the status (only the moves the lifecycle allows)"));
            for (ProposalStatus next : Lifecycle.next(status)) {
                MenuItem item = new MenuItem(Lifecycle.label(next));
                item.setId("move-" + next.wire());
                item.setOnAction(e -> controller.onMoveStatus(next));
                move.getItems().add(item);
            }
            row.getChildren().addAll(edit, move);
        }
        if (gathering && !closed) {
            if (d.myRsvp() == null) {
                Button rsvp = new Button("I'll come", new FontIcon(Feather.CHECK));
                rsvp.setId("detail-rsvp");
                rsvp.getStyleClass().add(Styles.SUCCESS);
                rsvp.setTooltip(new Tooltip("RSVP: a commitment to attend, due on the gathering's day"));
                rsvp.setOnAction(e -> {
                    controller.onRsvp(rsvpNote.getText());
                    rsvpNote.clear();
                });
                rsvpNote.setPrefColumnCount(18);
                row.getChildren().addAll(rsvpNote, rsvp);
            } else {
                Label going = new Label("You said you will come", new FontIcon(Feather.CHECK_CIRCLE));
                going.getStyleClass().add(Styles.SUCCESS);
                Button cancel = new Button("Cancel my RSVP");
                cancel.setId("detail-cancel-rsvp");
                cancel.setOnAction(e -> controller.onCancelRsvp());
                row.getChildren().addAll(going, cancel);
            }
        }
        busy(row);
        return row.getChildren().isEmpty() ? null : row;
    }

    private void busy(HBox row) {
        if (model.busy.get()) {
            ProgressIndicator p = new ProgressIndicator();
            p.setMaxSize(18, 18);
            row.getChildren().add(p);
        }
    }

    private static Node whenWhere(Views.Proposal p) {
        StringBuilder sb = new StringBuilder();
        if (p.whenStart() != null) {
            sb.append(p.whenEnd() == null ? "On " + p.whenStart() : "From " + p.whenStart() + " to " + p.whenEnd());
        }
        if (p.place() != null) {
            sb.append(sb.length() == 0 ? "At " : " · at ").append(p.place());
        }
        Label l = new Label(sb.toString(), new FontIcon(Feather.MAP_PIN));
        l.setId("detail-when");
        l.setWrapText(true);
        return l;
    }

    private Node roles(ProposalDetail d, boolean closed) {
        VBox box = new VBox(10);
        Set<String> roleNames = new HashSet<>();
        List<Views.Role> roles = d.proposal().roles();
        for (int i = 0; i < roles.size(); i++) {
            Views.Role r = roles.get(i);
            roleNames.add(r.name());
            Label name = new Label(r.name());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            HBox top = new HBox(8, new FontIcon(Feather.USER_PLUS), name, ProjectsView.grow());
            top.setAlignment(Pos.CENTER_LEFT);
            if (!closed) {
                Button commit = new Button("Commit…");
                commit.setId("commit-role-" + i);
                commit.getStyleClass().add(Styles.SMALL);
                commit.setTooltip(new Tooltip("Commit to the role " + r.name()));
                commit.setAccessibleText("Commit to the role " + r.name());
                commit.setOnAction(e -> controller.onOpenCommit(r.name()));
                top.getChildren().add(commit);
            }
            VBox card = new VBox(4, top);
            List<String> what = new ArrayList<>();
            if (!r.skills().isEmpty()) {
                what.add("skills: " + String.join(", ", r.skills()));
            }
            if (r.effort() != null) {
                what.add("effort: " + r.effort());
            }
            if (!what.isEmpty()) {
                card.getChildren().add(muted(String.join(" · ", what)));
            }
            for (ProposalDetail.CommitmentLine c : d.commitments()) {
                if (r.name().equals(c.role())) {
                    card.getChildren().add(commitment(c));
                }
            }
            if (r.name().equals(model.committingTo.get())) {
                card.getChildren().add(commitForm(r));
            }
            card.getStyleClass().add("kith-role");
            box.getChildren().add(card);
        }
        VBox other = new VBox(4);
        for (ProposalDetail.CommitmentLine c : d.commitments()) {
            if (c.role() == null || !roleNames.contains(c.role())) {
                other.getChildren().add(commitment(c));
            }
        }
        if (!other.getChildren().isEmpty()) {
            other.getChildren().add(0, muted(roles.isEmpty() ? "Commitments" : "Other commitments"));
            box.getChildren().add(other);
        }
        if (!closed) {
            if ("".equals(model.committingTo.get())) {
                box.getChildren().add(commitForm(null));
            } else {
                Button offer = new Button(roles.isEmpty() ? "Commit to help…" : "Offer something else…");
                offer.setId("commit-other");
                offer.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
                offer.setOnAction(e -> controller.onOpenCommit(""));
                box.getChildren().add(offer);
            }
        }
        String header = roles.isEmpty() ? "Commitments" : "Roles";
        if (roles.isEmpty() && d.commitments().isEmpty()) {
            box.getChildren().add(0, muted("No roles listed and nobody committed yet."));
        }
        return section(header, box);
    }

    private Node commitment(ProposalDetail.CommitmentLine c) {
        StringBuilder sb = new StringBuilder(c.who()).append(" — ").append(c.status()).append(", due ").append(c.due());
        if (c.effort() != null) {
            sb.append(", ").append(c.effort());
        }
        Label who = new Label(sb.toString());
        who.setWrapText(true);
        Label what = muted("“" + c.what() + "”");
        what.setWrapText(true);
        VBox line = new VBox(1, who, what);
        line.getStyleClass().add("kith-commitment-line");
        if (c.mine()) {
            Hyperlink open = new Hyperlink("Open in Commitments");
            open.setOnAction(e -> controller.onOpenCommitment(c.id()));
            line.getChildren().add(open);
        }
        return line;
    }

    private Node commitForm(Views.Role role) {
        String key = (role == null ? "" : role.name()) + "@" + model.selectedId.get();
        if (!key.equals(commitFormFor)) {
            commitFormFor = key;
            commitWhat.setText(role == null ? "" : "Take the role \"" + role.name() + "\"");
            Dates.set(commitDue, controller.today().plusWeeks(2));
            commitEffort.setText(role == null || role.effort() == null ? "" : role.effort());
        }
        Button submit = new Button("Commit", new FontIcon(Feather.CHECK));
        submit.setId("commit-submit");
        submit.getStyleClass().add(Styles.ACCENT);
        submit.setDefaultButton(true);
        submit.disableProperty().bind(model.busy);
        submit.setOnAction(e -> controller.onCommit(commitWhat.getText(), Dates.text(commitDue),
                commitEffort.getText()));
        Button cancel = new Button("Cancel");
        cancel.setId("commit-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> controller.onCancelCommit());
        Label title = new Label(role == null ? "Your commitment" : "Commit to " + role.name());
        title.getStyleClass().add(Styles.TEXT_BOLD);
        VBox form = new VBox(6, title, field("What you will do", commitWhat, "what"),
                field("Due", commitDue, "due"), field("Effort", commitEffort, "effort"));
        if (model.commitErrors.containsKey("node")) {
            form.getChildren().add(error(model.commitErrors.get("node"), "commit-error"));
        }
        HBox buttons = new HBox(8, submit, cancel);
        form.getChildren().add(buttons);
        form.getStyleClass().add("kith-inline-form");
        form.setPadding(new Insets(10));
        javafx.application.Platform.runLater(() -> {
            if (commitWhat.getScene() != null && !commitWhat.isFocused() && !commitDue.isFocused()
                    && !commitEffort.isFocused()) {
                commitWhat.requestFocus();
            }
        });
        return form;
    }

    private Node field(String label, Node input, String key) {
        Label l = new Label(label);
        l.setLabelFor(input);
        VBox box = new VBox(2, l, input);
        String err = model.commitErrors.get(key);
        if (err != null) {
            box.getChildren().add(error(err, "commit-error-" + key));
            input.pseudoClassStateChanged(Styles.STATE_DANGER, true);
        } else {
            input.pseudoClassStateChanged(Styles.STATE_DANGER, false);
        }
        return box;
    }

    private Node discussion(ProposalDetail d) {
        VBox box = new VBox(8);
        for (ProposalDetail.CommentLine c : d.comments()) {
            Label who = new Label(c.who() + " · " + c.when());
            who.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            Label text = new Label(c.text());
            text.setWrapText(true);
            box.getChildren().add(new VBox(2, who, text));
        }
        if (d.comments().isEmpty()) {
            box.getChildren().add(muted("No comments yet."));
        }
        Button send = new Button("Comment", new FontIcon(Feather.MESSAGE_SQUARE));
        send.setId("comment-send");
        send.disableProperty().bind(comment.textProperty().isEmpty().or(model.busy));
        send.setOnAction(e -> {
            if (controller.onComment(comment.getText())) {
                comment.clear();
            }
        });
        box.getChildren().addAll(comment, send);
        return section("Discussion (" + d.comments().size() + ")", box);
    }

    private Node provenance(ProposalDetail d) {
        Label line = muted(d.provenance());
        line.setId("detail-provenance");
        line.setWrapText(true);
        line.getStyleClass().add(Styles.TEXT_SMALL);
        Hyperlink verify = new Hyperlink("Verify the author's chain");
        verify.setId("detail-verify-chain");
        verify.setOnAction(e -> controller.onVerifyChain());
        VBox box = new VBox(2, line, verify);
        if (model.chainCheck.get() != null) {
            Label check = muted(model.chainCheck.get());
            check.setWrapText(true);
            check.setId("detail-chain-check");
            box.getChildren().add(check);
        }
        return box;
    }

    private static Node section(String title, Node body) {
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TITLE_4);
        return new VBox(6, t, body);
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setWrapText(true);
        return l;
    }

    static Label error(String text, String id) {
        Label l = new Label(text, new FontIcon(Feather.ALERT_CIRCLE));
        l.setId(id);
        l.getStyleClass().add(Styles.DANGER);
        l.setWrapText(true);
        return l;
    }
}
