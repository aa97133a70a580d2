package org.kith.ui.people;

import static org.kith.ui.widgets.Labels.muted;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.StringConverter;
import org.kith.protocol.record.TrustLevel;
import org.kith.ui.me.Avatars;
import org.kith.ui.widgets.Labels;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** People: the directory on the left (search, skill filter, a virtualized table), the person on the right. */
final class PeopleView {

    private final PeopleModel model;
    private final PeopleController controller;
    private final SplitPane root = new SplitPane();
    private final TableView<PeopleModel.Row> table = new TableView<>();
    private final VBox detail = new VBox(14);
    private final Node vouchForm;

    PeopleView(PeopleModel model, PeopleController controller) {
        this.model = model;
        this.controller = controller;
        root.setId("people-screen");
        root.setOrientation(Orientation.HORIZONTAL);
        vouchForm = vouchForm();
        ScrollPane detailScroll = new ScrollPane(detail);
        detailScroll.setId("person-detail");
        detailScroll.setFitToWidth(true);
        detailScroll.getStyleClass().add("edge-to-edge");
        detail.setPadding(new Insets(20, 24, 24, 24));
        detail.getStyleClass().add("kith-detail");
        ProgressIndicator detailLoading = new ProgressIndicator();
        detailLoading.setMaxSize(32, 32);
        detailLoading.visibleProperty().bind(model.detailLoading.and(model.detail.isNull()));
        StackPane right = new StackPane(detailScroll, detailLoading);
        root.getItems().addAll(directory(), right);
        root.setDividerPositions(0.5);
        model.detail.addListener((o, was, now) -> showDetail(now));
        showDetail(null);
        model.selected.addListener((o, was, now) -> selectRow(now));
        model.visible.addListener((javafx.collections.ListChangeListener<PeopleModel.Row>) c -> selectRow(
                model.selected.get()));
    }

    Parent root() {
        return root;
    }

    // ---- directory -------------------------------------------------------------------------

    private Node directory() {
        Label title = new Label("People");
        title.getStyleClass().add("title-2");
        TextField search = new TextField();
        search.setId("people-search");
        search.setPromptText("Search by name or peer ID");
        search.setAccessibleText("Search people by name");
        search.textProperty().bindBidirectional(model.search);
        HBox.setHgrow(search, Priority.ALWAYS);
        ComboBox<String> skill = new ComboBox<>();
        skill.setId("people-skill");
        skill.setPromptText("Any skill");
        skill.setAccessibleText("Filter by skill");
        skill.setItems(model.skills);
        skill.valueProperty().bindBidirectional(model.skill);
        skill.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? "Any skill" : item);
            }
        });
        Button clear = new Button(null, new FontIcon(Feather.X));
        clear.setId("people-skill-clear");
        clear.getStyleClass().add("flat");
        clear.setAccessibleText("Any skill");
        clear.setTooltip(new Tooltip("Show people with any skill"));
        clear.visibleProperty().bind(model.skill.isNotNull());
        clear.setOnAction(e -> model.skill.set(null));
        HBox filters = new HBox(8, search, skill, clear);
        filters.setAlignment(Pos.CENTER_LEFT);

        table.setId("people-table");
        TableColumn<PeopleModel.Row, String> name = new TableColumn<>("Name");
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().self() ? c.getValue().name() + " (you)"
                : c.getValue().name()));
        name.setPrefWidth(100);
        TableColumn<PeopleModel.Row, String> skills = new TableColumn<>("Skills");
        skills.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(String.join(", ", c.getValue().skills())));
        skills.setPrefWidth(105);
        TableColumn<PeopleModel.Row, Double> trust = new TableColumn<>("Trust");
        trust.setId("people-col-trust");
        trust.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().trust()));
        trust.setCellFactory(c -> new TrustCell());
        trust.setPrefWidth(100);
        trust.setSortType(TableColumn.SortType.DESCENDING);
        TableColumn<PeopleModel.Row, PeopleModel.Row> reliability = new TableColumn<>("Reliability");
        reliability.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        reliability.setComparator(java.util.Comparator.comparingDouble(r -> r.evidence() > 0 ? r.reliability() : -1));
        reliability.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(PeopleModel.Row r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(r.evidence() > 0 ? pct(r.reliability()) + " (conf. " + pct(r.confidence()) + ")" : "no evidence");
                setTooltip(new Tooltip(r.evidence() > 0 ? "Expected to keep " + pct(r.reliability())
                        + " of commitments; confidence " + pct(r.confidence()) : "Nobody you trust has attested them"));
                getStyleClass().remove("text-muted");
                if (r.evidence() <= 0) {
                    getStyleClass().add("text-muted");
                }
            }
        });
        reliability.setPrefWidth(125);
        table.getColumns().addAll(List.of(name, skills, trust, reliability));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        SortedList<PeopleModel.Row> sorted = new SortedList<>(model.visible);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSortOrder().add(trust);
        table.setPlaceholder(new Label("Nobody matches. People appear here when their profiles reach you."));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                controller.onSelect(now.peerId());
            }
        });
        Label count = new Label();
        count.getStyleClass().add("text-muted");
        count.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> model.visible.size() + " of "
                + model.rows.size() + (model.rows.size() == 1 ? " person" : " people"), model.visible, model.rows));
        Label error = new Label();
        error.getStyleClass().add("danger");
        error.textProperty().bind(model.error);
        error.visibleProperty().bind(model.error.isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        ProgressIndicator loading = new ProgressIndicator();
        loading.setPrefSize(18, 18);
        loading.visibleProperty().bind(model.loading);
        HBox head = new HBox(10, title, loading);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(10, head, filters, table, count, error);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(20, 12, 12, 24));
        box.setMinWidth(380);
        return box;
    }

    private void selectRow(String peerId) {
        if (peerId == null) {
            return;
        }
        PeopleModel.Row current = table.getSelectionModel().getSelectedItem();
        if (current != null && current.peerId().equals(peerId)) {
            return;
        }
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).peerId().equals(peerId)) {
                table.getSelectionModel().select(i);
                table.scrollTo(i);
                return;
            }
        }
    }

    /** Trust as a bar with the percentage. */
    private static final class TrustCell extends TableCell<PeopleModel.Row, Double> {
        private final ProgressBar bar = new ProgressBar();
        private final Label text = new Label();
        private final HBox box = new HBox(6, bar, text);

        TrustCell() {
            bar.setPrefWidth(50);
            bar.setMinWidth(50);
            bar.setMaxHeight(8);
            box.setAlignment(Pos.CENTER_LEFT);
            text.setMinWidth(Region.USE_PREF_SIZE);
        }

        @Override
        protected void updateItem(Double v, boolean empty) {
            super.updateItem(v, empty);
            if (empty || v == null) {
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            bar.setProgress(v);
            text.setText(pct(v));
            setGraphic(box);
            setAccessibleText("Trust " + pct(v));
        }
    }

    // ---- detail ----------------------------------------------------------------------------

    private void showDetail(PeopleModel.Detail d) {
        detail.getChildren().clear();
        if (d == null) {
            Label empty = new Label("Choose a person to see their profile, how much you can count on them, and why.");
            empty.setWrapText(true);
            empty.getStyleClass().add("text-muted");
            detail.getChildren().add(empty);
            return;
        }
        detail.getChildren().add(header(d));
        if (d.bio() != null && !d.bio().isBlank()) {
            Label bio = new Label(d.bio());
            bio.setWrapText(true);
            bio.setMinHeight(Region.USE_PREF_SIZE);
            detail.getChildren().add(bio);
        }
        tagRow("Skills", d.skills());
        tagRow("Offers", d.offers());
        tagRow("Needs", d.needs());
        tagRow("Values", d.values());
        tagRow("Links", d.links());

        detail.getChildren().add(section("Trust"));
        if (d.self()) {
            detail.getChildren().add(muted("This is you: every trust score starts from you."));
        } else {
            ProgressBar bar = new ProgressBar(d.trust());
            bar.setPrefWidth(200);
            Label t = new Label(pct(d.trust()) + " of your most trusted");
            t.setWrapText(true);
            t.setId("detail-trust");
            HBox row = new HBox(10, bar, t);
            row.setAlignment(Pos.CENTER_LEFT);
            detail.getChildren().addAll(row, muted("Your vouch: " + (d.yourVouch() == null ? "none" : d.yourVouch())));
            if (d.distrusted()) {
                detail.getChildren().add(danger("You distrust them: trust 0, whatever others vouch."));
            }
            if (d.forked()) {
                detail.getChildren().add(danger("Forked feed: they signed conflicting records, so their vouches and"
                        + " attestations do not count."));
            }
        }
        detail.getChildren().add(section("Reliability"));
        Label rel = new Label(d.evidence() > 0
                ? String.format(Locale.ROOT, "%s expected, confidence %s — %d kept, %d partly kept, %d not kept",
                        pct(d.reliability()), pct(d.confidence()), d.kept(), d.partlyKept(), d.notKept())
                : "No evidence yet: nobody you trust has attested their commitments.");
        rel.setId("detail-reliability");
        rel.setWrapText(true);
        detail.getChildren().add(rel);

        if (!d.self()) {
            detail.getChildren().add(section("Why"));
            if (d.paths().isEmpty()) {
                detail.getChildren().add(muted(d.distrusted() ? "Nobody: your distrust stops every path."
                        : "No trust path from you: nobody you trust vouches for them."));
            }
            for (PeopleModel.PathLine p : d.paths()) {
                Hyperlink from = new Hyperlink(p.fromName());
                from.setOnAction(e -> controller.onSelect(p.from()));
                from.setAccessibleText("Open " + p.fromName());
                from.setPadding(Insets.EMPTY);
                Label what = new Label("vouched " + p.level() + " — " + pct(p.share()) + " of their trust comes this way");
                what.setWrapText(true);
                HBox head = new HBox(4, from, what);
                head.setAlignment(Pos.CENTER_LEFT);
                Label path = new Label(p.path());
                path.setWrapText(true);
                path.getStyleClass().addAll("kith-path", "text-muted");
                VBox line = new VBox(2, head, path);
                line.getStyleClass().add("detail-path");
                detail.getChildren().add(line);
            }
        }
        if (!d.counted().isEmpty()) {
            detail.getChildren().add(subsection("Counted attestations"));
            for (PeopleModel.AttestationLine a : d.counted()) {
                detail.getChildren().add(new Label(String.format(Locale.ROOT, "%s by %s, weight %.2f — commitment %s",
                        a.outcome(), a.attesterName(), a.weight(), a.commitment())));
            }
        }
        if (!d.ignored().isEmpty()) {
            detail.getChildren().add(subsection("Ignored attestations"));
            for (PeopleModel.AttestationLine a : d.ignored()) {
                Label l = new Label(a.outcome() + " by " + a.attesterName() + " — commitment " + a.commitment() + ": "
                        + a.reason());
                l.setWrapText(true);
                l.getStyleClass().add("text-muted");
                detail.getChildren().add(l);
            }
        }
        if (!d.self()) {
            detail.getChildren().addAll(section("Vouch"), vouchForm);
        }

        detail.getChildren().add(section("Commitments (" + d.commitments().size() + ")"));
        if (d.commitments().isEmpty()) {
            detail.getChildren().add(muted("None here."));
        } else {
            ListView<PeopleModel.CommitmentLine> list = new ListView<>(
                    javafx.collections.FXCollections.observableList(d.commitments()));
            list.setId("detail-commitments");
            list.setFixedCellSize(34);
            list.setPrefHeight(Math.min(6, d.commitments().size()) * 34 + 4);
            list.setCellFactory(v -> new ListCell<>() {
                @Override
                protected void updateItem(PeopleModel.CommitmentLine c, boolean empty) {
                    super.updateItem(c, empty);
                    if (empty || c == null) {
                        setGraphic(null);
                        return;
                    }
                    Hyperlink title = new Hyperlink(c.proposal());
                    title.setOnAction(e -> controller.onOpenProposal(c.proposalId()));
                    Label rest = new Label("· " + c.role() + " · " + c.status()
                            + (c.due() == null ? "" : " · due " + c.due()));
                    rest.getStyleClass().add("text-muted");
                    HBox row = new HBox(4, title, rest);
                    row.setAlignment(Pos.CENTER_LEFT);
                    setGraphic(row);
                }
            });
            detail.getChildren().add(list);
        }
        detail.getChildren().add(section("Records (" + d.history().size() + ")"));
        ListView<PeopleModel.HistoryLine> history = new ListView<>(
                javafx.collections.FXCollections.observableList(d.history()));
        history.setId("detail-history");
        history.setFixedCellSize(30);
        history.setPrefHeight(Math.max(1, Math.min(8, d.history().size())) * 30 + 4);
        history.setPlaceholder(new Label("No records of theirs here."));
        history.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(PeopleModel.HistoryLine h, boolean empty) {
                super.updateItem(h, empty);
                getStyleClass().remove("kith-retracted");
                if (empty || h == null) {
                    setText(null);
                    return;
                }
                setText(h.type() + " · " + h.swarm() + " #" + h.seq() + " · " + h.time()
                        + (h.retracted() ? " · retracted" : ""));
                if (h.retracted()) {
                    getStyleClass().add("kith-retracted");
                }
            }
        });
        detail.getChildren().add(history);
    }

    private Node header(PeopleModel.Detail d) {
        double size = 64;
        ImageView image = new ImageView();
        image.setFitWidth(size);
        image.setFitHeight(size);
        image.setClip(new Circle(size / 2, size / 2, size / 2));
        Avatars.cover(image, Avatars.image(d.avatar()));
        Label initial = new Label(d.name().isBlank() ? "?" : d.name().substring(0, 1).toUpperCase(Locale.ROOT));
        initial.getStyleClass().add("title-3");
        initial.setVisible(image.getImage() == null);
        StackPane avatar = new StackPane(initial, image);
        avatar.getStyleClass().add("kith-avatar-placeholder");
        avatar.setMinSize(size, size);
        avatar.setMaxSize(size, size);
        Label name = new Label(d.name() + (d.self() ? " (you)" : ""));
        name.setId("detail-name");
        name.getStyleClass().add("title-2");
        Label id = new Label(d.peerId());
        id.getStyleClass().addAll("text-muted", "kith-path");
        VBox text = new VBox(2, name, id);
        if (d.location() != null && !d.location().isBlank()) {
            Label where = new Label(d.location(), new FontIcon(Feather.MAP_PIN));
            where.getStyleClass().add("text-muted");
            text.getChildren().add(where);
        }
        if (!d.known()) {
            text.getChildren().add(muted("No profile of theirs has reached you yet."));
        }
        HBox row = new HBox(16, avatar, text);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void tagRow(String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        FlowPane tags = new FlowPane(6, 6);
        for (String item : items) {
            Label tag = new Label(item);
            tag.getStyleClass().add("kith-tag");
            tags.getChildren().add(tag);
        }
        Label label = new Label(title);
        label.getStyleClass().add("kith-field-label");
        label.setMinWidth(64);
        HBox row = new HBox(10, label, tags);
        row.setAlignment(Pos.TOP_LEFT);
        HBox.setHgrow(tags, Priority.ALWAYS);
        detail.getChildren().add(row);
    }

    // ---- vouch form (built once, shown in every detail but one's own) -----------------------

    private Node vouchForm() {
        ComboBox<TrustLevel> level = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(
                TrustLevel.HIGH, TrustLevel.SOME, TrustLevel.NEUTRAL, TrustLevel.DISTRUST));
        level.setId("vouch-level");
        level.setAccessibleText("Trust level");
        level.valueProperty().bindBidirectional(model.level);
        level.setConverter(new StringConverter<>() {
            @Override
            public String toString(TrustLevel l) {
                return l == null ? "" : switch (l) {
                    case HIGH -> "High";
                    case SOME -> "Some";
                    case NEUTRAL -> "Neutral";
                    case DISTRUST -> "Distrust";
                };
            }

            @Override
            public TrustLevel fromString(String s) {
                return null;
            }
        });
        TextField domain = new TextField();
        domain.setId("vouch-domain");
        domain.setPromptText("Only for one skill (optional)");
        domain.setAccessibleText("Skill the vouch is limited to (optional)");
        domain.textProperty().bindBidirectional(model.domain);
        TextField note = new TextField();
        note.setId("vouch-note");
        note.setPromptText("A note (optional)");
        note.setAccessibleText("Note");
        note.textProperty().bindBidirectional(model.note);
        HBox.setHgrow(note, Priority.ALWAYS);
        Button vouch = new Button("_Vouch", new FontIcon(Feather.THUMBS_UP));
        vouch.setId("vouch-button");
        vouch.setMnemonicParsing(true);
        vouch.getStyleClass().add("accent");
        vouch.disableProperty().bind(model.vouching.or(model.confirmDistrust));
        vouch.setOnAction(e -> controller.onVouch());
        note.setOnAction(e -> controller.onVouch());
        HBox row1 = new HBox(8, level, domain);
        HBox row2 = new HBox(8, note, vouch);
        row1.setAlignment(Pos.CENTER_LEFT);
        row2.setAlignment(Pos.CENTER_LEFT);

        Label ask = new Label("Distrust them? Their vouches stop counting for you, and you will see no trust in them"
                + " whatever others say. You can change this later.");
        ask.setWrapText(true);
        ask.setMinHeight(Region.USE_PREF_SIZE);
        Button yes = new Button("Distrust");
        yes.setId("vouch-confirm-distrust");
        yes.getStyleClass().add("danger");
        yes.setOnAction(e -> controller.onConfirmDistrust());
        Button no = new Button("Cancel");
        no.setId("vouch-cancel-distrust");
        no.setOnAction(e -> controller.onCancelDistrust());
        HBox answers = new HBox(8, yes, no);
        VBox confirm = new VBox(8, ask, answers);
        confirm.setId("vouch-confirm");
        confirm.getStyleClass().add("kith-warning");
        confirm.visibleProperty().bind(model.confirmDistrust);
        confirm.managedProperty().bind(model.confirmDistrust);

        Label status = Labels.shownWhenSet("vouch-status", "success", model.vouchStatus);
        Label error = Labels.error("vouch-error", model.vouchError);
        return new VBox(8, row1, row2, confirm, status, error);
    }

    // ---- parts -----------------------------------------------------------------------------

    static String pct(double v) {
        return Math.round(v * 100) + "%";
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll("title-4", "kith-section-title");
        return l;
    }

    private static Label subsection(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("kith-field-label");
        return l;
    }

    private static Label danger(String text) {
        Label l = new Label(text, new FontIcon(Feather.ALERT_OCTAGON));
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().add("danger");
        return l;
    }
}
