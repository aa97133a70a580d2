package org.kith.ui.projects;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kith.node.store.Views;
import org.kith.protocol.record.Limits;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.SwarmId;
import org.kith.protocol.record.WireEnum;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The form that creates a proposal or edits the user's own: kind, title, summary, details, roles
 * (an editable list), when and where, tags, swarm (new) or status (edit: only the moves the
 * lifecycle allows). Errors appear under their fields; nothing is published until the draft is
 * valid. Enter in a single-line field publishes, Escape cancels.
 */
final class ProposalFormView {

    private final ProjectsModel model;
    private final ProjectsController controller;
    private final VBox content = new VBox(12);
    private final Node root;

    private final Label heading = new Label();
    private final RadioButton project = new RadioButton("Project");
    private final RadioButton gathering = new RadioButton("Gathering");
    private final TextField title = new TextField();
    private final TextArea summary = new TextArea();
    private final TextArea details = new TextArea();
    private final VBox roles = new VBox(6);
    private final DatePicker start;
    private final DatePicker end;
    private final TextField place = new TextField();
    private final TextField tags = new TextField();
    private final ComboBox<ProjectsModel.SwarmChoice> swarm = new ComboBox<>();
    private final ComboBox<ProposalStatus> status = new ComboBox<>();
    private final VBox swarmField;
    private final VBox statusField;
    private final Button submit = new Button();
    private final List<RoleRow> roleRows = new ArrayList<>();
    private final java.util.Map<String, Label> errors = new java.util.HashMap<>();
    private final java.util.Map<String, Control> inputs = new java.util.HashMap<>();
    private boolean editing;

    /** One row of the roles editor. */
    private final class RoleRow {
        final TextField name = new TextField();
        final TextField skills = new TextField();
        final TextField effort = new TextField();
        final HBox row;

        RoleRow(String n, String s, String e) {
            name.setText(n);
            skills.setText(s);
            effort.setText(e);
            name.setPromptText("Role, e.g. builder");
            skills.setPromptText("Skills, comma-separated");
            effort.setPromptText("Effort, e.g. 2 days");
            name.setPrefColumnCount(10);
            skills.setPrefColumnCount(14);
            effort.setPrefColumnCount(8);
            Button remove = new Button(null, new FontIcon(Feather.X));
            remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
            remove.setTooltip(new Tooltip("Remove this role"));
            remove.setOnAction(ev -> removeRole(this));
            row = new HBox(6, name, skills, effort, remove);
            row.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(skills, Priority.ALWAYS);
        }

        void number(int i) {
            String n = "Role " + (i + 1);
            name.setId("form-role-name-" + i);
            skills.setId("form-role-skills-" + i);
            effort.setId("form-role-effort-" + i);
            name.setAccessibleText(n + " name");
            skills.setAccessibleText(n + " skills");
            effort.setAccessibleText(n + " effort");
            ((Button) row.getChildren().get(3)).setAccessibleText("Remove " + n.toLowerCase(java.util.Locale.ROOT));
        }
    }

    ProposalFormView(ProjectsModel model, ProjectsController controller) {
        this.model = model;
        this.controller = controller;
        heading.getStyleClass().add(Styles.TITLE_3);
        ToggleGroup kind = new ToggleGroup();
        project.setToggleGroup(kind);
        gathering.setToggleGroup(kind);
        project.setId("kind-project");
        gathering.setId("kind-gathering");
        project.setSelected(true);
        start = Dates.picker("form-start", "Start (YYYY-MM-DD)",
                () -> gathering.isSelected() && !editing ? controller.today() : null);
        end = Dates.picker("form-end", "End (optional)", null);

        title.setId("form-title");
        title.setPromptText("What is it? e.g. Build raised garden beds");
        summary.setId("form-summary");
        summary.setPromptText("A few lines: what, why, for whom");
        summary.setPrefRowCount(3);
        summary.setWrapText(true);
        details.setId("form-details");
        details.setPromptText("Anything else people should know (optional)");
        details.setPrefRowCount(4);
        details.setWrapText(true);
        place.setId("form-place");
        place.setPromptText("Where (optional for projects)");
        tags.setId("form-tags");
        tags.setPromptText("Tags, comma-separated, e.g. garden, tools");
        swarm.setId("form-swarm");
        swarm.setItems(model.swarms);
        status.setId("form-status");
        status.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ProposalStatus s) {
                return s == null ? "" : Lifecycle.label(s);
            }

            @Override
            public ProposalStatus fromString(String s) {
                return null;
            }
        });

        Button addRole = new Button("Add role", new FontIcon(Feather.PLUS));
        addRole.setId("form-add-role");
        addRole.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        addRole.setOnAction(e -> addRole("", "", ""));

        submit.setId("form-submit");
        submit.getStyleClass().add(Styles.ACCENT);
        submit.setDefaultButton(true);
        submit.disableProperty().bind(model.busy);
        submit.setOnAction(e -> {
            if (editing) {
                controller.onSaveEdit(draft());
            } else {
                controller.onPublish(draft());
            }
        });
        Button cancel = new Button("Cancel");
        cancel.setId("form-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> controller.onCancelForm());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setMaxSize(20, 20);
        busy.visibleProperty().bind(model.busy);

        Label formError = new Label();
        formError.setId("form-error");
        formError.setGraphic(new FontIcon(Feather.ALERT_CIRCLE));
        formError.getStyleClass().add(Styles.DANGER);
        formError.setWrapText(true);
        formError.textProperty().bind(model.formError);
        formError.managedProperty().bind(model.formError.isNotEmpty());
        formError.visibleProperty().bind(formError.managedProperty());

        HBox kinds = new HBox(16, project, gathering);
        HBox dates = new HBox(8, field("Starts", start, "start"), field("Ends", end, "end"));
        swarmField = field("Swarm", swarm, "swarm");
        statusField = field("Status", status, "status");
        VBox roleBox = new VBox(6, roles, addRole);
        content.getChildren().addAll(heading, field("Kind", kinds, "kind"),
                field("Title", title, "title"), field("Summary", summary, "summary"),
                field("Details", details, "details"), field("Roles — who you need", roleBox, "roles"), dates,
                field("Where", place, "place"), field("Tags", tags, "tags"), swarmField, statusField);
        content.setPadding(new Insets(20, 24, 24, 24));
        content.setId("proposal-form");
        // The buttons stay in view below the scrolling fields, like a dialog's button bar.
        HBox buttons = new HBox(8, submit, cancel, busy);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox footer = new VBox(6, formError, buttons);
        footer.setPadding(new Insets(10, 24, 12, 24));
        footer.getStyleClass().add("kith-form-footer");
        javafx.scene.layout.BorderPane pane = new javafx.scene.layout.BorderPane(ProjectsView.scroll(content));
        pane.setBottom(footer);
        root = pane;
        model.formErrors.addListener((MapChangeListener<String, String>) c -> showErrors());
    }

    Node root() {
        return root;
    }

    void focusFirst() {
        javafx.application.Platform.runLater(title::requestFocus);
    }

    /** Empties the form for a new proposal. */
    void openCreate() {
        editing = false;
        heading.setText("New proposal");
        submit.setText("Publish");
        submit.setGraphic(new FontIcon(Feather.SEND));
        project.setDisable(false);
        gathering.setDisable(false);
        project.setSelected(true);
        title.clear();
        summary.clear();
        details.clear();
        clearRoles();
        addRole("", "", "");
        Dates.set(start, null);
        Dates.set(end, null);
        place.clear();
        tags.clear();
        swarm.setValue(model.swarms.stream().filter(s -> SwarmId.PUBLIC.equals(s.id())).findFirst()
                .orElse(model.swarms.isEmpty() ? null : model.swarms.get(0)));
        show(swarmField, true);
        show(statusField, false);
        showErrors();
    }

    /** Fills the form with the proposal being edited (its kind stays; status offers only allowed moves). */
    void openEdit(ProposalDetail d) {
        editing = true;
        Views.Proposal p = d.proposal();
        heading.setText("Edit proposal");
        submit.setText("Save changes");
        submit.setGraphic(new FontIcon(Feather.SAVE));
        (p.kind().equals("gathering") ? gathering : project).setSelected(true);
        project.setDisable(true);
        gathering.setDisable(true);
        title.setText(p.title());
        summary.setText(p.summary());
        details.setText(p.details() == null ? "" : p.details());
        clearRoles();
        for (Views.Role r : p.roles()) {
            addRole(r.name(), String.join(", ", r.skills()), r.effort() == null ? "" : r.effort());
        }
        if (p.roles().isEmpty()) {
            addRole("", "", "");
        }
        start.getEditor().setText(p.whenStart() == null ? "" : p.whenStart().substring(0, 10));
        end.getEditor().setText(p.whenEnd() == null ? "" : p.whenEnd().substring(0, 10));
        place.setText(p.place() == null ? "" : p.place());
        tags.setText(String.join(", ", p.tags()));
        ProposalStatus current = WireEnum.fromWire(ProposalStatus.class, p.status());
        status.getItems().setAll(current);
        status.getItems().addAll(Lifecycle.next(current));
        status.setValue(current);
        show(swarmField, false);
        show(statusField, true);
        showErrors();
    }

    private static void show(Node n, boolean on) {
        n.setVisible(on);
        n.setManaged(on);
    }

    ProposalDraft draft() {
        List<ProposalDraft.RoleDraft> rs = new ArrayList<>();
        for (RoleRow r : roleRows) {
            rs.add(new ProposalDraft.RoleDraft(r.name.getText(), r.skills.getText(), r.effort.getText()));
        }
        return new ProposalDraft(gathering.isSelected() ? "gathering" : "project", title.getText(), summary.getText(),
                details.getText(), rs, Dates.text(start), Dates.text(end), place.getText(), tags.getText(),
                swarm.getValue() == null ? null : swarm.getValue().name(),
                editing && status.getValue() != null ? status.getValue().wire() : null);
    }

    private void addRole(String n, String s, String e) {
        if (roleRows.size() >= Limits.MAX_ROLES) {
            return;
        }
        RoleRow r = new RoleRow(n, s, e);
        roleRows.add(r);
        roles.getChildren().add(r.row);
        renumber();
    }

    private void removeRole(RoleRow r) {
        roleRows.remove(r);
        roles.getChildren().remove(r.row);
        renumber();
    }

    private void clearRoles() {
        roleRows.clear();
        roles.getChildren().clear();
    }

    private void renumber() {
        for (int i = 0; i < roleRows.size(); i++) {
            roleRows.get(i).number(i);
        }
    }

    private VBox field(String label, Node input, String key) {
        Label l = new Label(label);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        if (input instanceof Control c) {
            l.setLabelFor(c);
            c.setAccessibleText(label);
            inputs.put(key, c);
        }
        Label error = new Label();
        error.setId("error-" + key);
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.setVisible(false);
        error.setManaged(false);
        errors.put(key, error);
        VBox box = new VBox(3, l, input, error);
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }

    private void showErrors() {
        Node first = null;
        for (var e : errors.entrySet()) {
            String msg = model.formErrors.get(e.getKey());
            e.getValue().setText(msg == null ? "" : msg);
            e.getValue().setVisible(msg != null);
            e.getValue().setManaged(msg != null);
            Control input = inputs.get(e.getKey());
            if (input != null) {
                input.pseudoClassStateChanged(Styles.STATE_DANGER, msg != null);
            }
        }
        for (String key : List.of("title", "summary", "details", "roles", "start", "end", "place", "tags",
                "status")) {
            if (model.formErrors.containsKey(key)) {
                first = inputs.get(key);
                break;
            }
        }
        if (first != null) {
            first.requestFocus();
        }
    }
}
