package org.kith.ui.me;

import static org.kith.ui.widgets.Labels.muted;

import java.util.HashMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.kith.protocol.record.Limits;
import org.kith.ui.widgets.Labels;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Me: a header with the avatar and peer ID, then tabs for the profile, the key backup and the history. */
final class MeView {

    private final MeModel model;
    private final MeController controller;
    private final BorderPane root = new BorderPane();
    private final Map<String, Node> fields = new HashMap<>();
    private final TabPane tabs = new TabPane();
    private final Tab profileTab;

    MeView(MeModel model, MeController controller) {
        this.model = model;
        this.controller = controller;
        root.setId("me-screen");
        root.setPadding(new Insets(20, 24, 12, 24));
        root.setTop(header());
        profileTab = new Tab("Profile", profile());
        profileTab.setId("me-tab-profile");
        Tab key = new Tab("Key backup", key());
        key.setId("me-tab-key");
        Tab history = new Tab("My history", history());
        history.setId("me-tab-history");
        tabs.getTabs().addAll(profileTab, key, history);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        BorderPane.setMargin(tabs, new Insets(12, 0, 0, 0));
        root.setCenter(tabs);
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(javafx.scene.input.KeyCode.S,
                        KeyCombination.SHORTCUT_DOWN), () -> {
                            if (root.getScene() != null) {
                                controller.onSave();
                            }
                        });
            }
        });
    }

    Parent root() {
        return root;
    }

    /** Shows the profile tab with {@code field}'s input focused (after a validation error). */
    void focus(String field) {
        tabs.getSelectionModel().select(profileTab);
        Node n = fields.get(field);
        if (n != null) {
            n.requestFocus();
        }
    }

    private Node header() {
        StackPane avatar = avatar(56);
        Label name = new Label();
        name.setId("me-name");
        name.getStyleClass().add("title-2");
        name.textProperty().bind(Bindings.createStringBinding(() -> model.name.get().isBlank() ? "No profile yet"
                : model.name.get(), model.name));
        Label peer = new Label();
        peer.textProperty().bind(model.peerId);
        peer.getStyleClass().addAll("text-muted", "kith-path");
        Button copy = new Button(null, new FontIcon(Feather.COPY));
        copy.getStyleClass().addAll("flat", "button-icon");
        copy.setAccessibleText("Copy your peer ID");
        copy.setTooltip(new Tooltip("Copy your peer ID"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(model.peerId.get());
            Clipboard.getSystemClipboard().setContent(c);
        });
        HBox idRow = new HBox(4, peer, copy);
        idRow.setAlignment(Pos.CENTER_LEFT);
        ProgressIndicator loading = new ProgressIndicator();
        loading.setPrefSize(20, 20);
        loading.visibleProperty().bind(model.loading);
        HBox row = new HBox(16, avatar, new VBox(2, name, idRow), loading);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private StackPane avatar(double size) {
        ImageView image = new ImageView();
        image.setFitWidth(size);
        image.setFitHeight(size);
        image.setPreserveRatio(true);
        image.setSmooth(true);
        Avatars.cover(image, model.avatarImage.get());
        model.avatarImage.addListener((o, was, now) -> Avatars.cover(image, now));
        image.setClip(new Circle(size / 2, size / 2, size / 2));
        Label initial = new Label();
        initial.getStyleClass().add("title-3");
        initial.textProperty().bind(Bindings.createStringBinding(() -> model.name.get().isBlank() ? "?"
                : model.name.get().strip().substring(0, 1).toUpperCase(java.util.Locale.ROOT), model.name));
        initial.visibleProperty().bind(model.avatarImage.isNull());
        StackPane pane = new StackPane(initial, image);
        pane.getStyleClass().add("kith-avatar-placeholder");
        pane.setMinSize(size, size);
        pane.setMaxSize(size, size);
        return pane;
    }

    // ---- profile tab -----------------------------------------------------------------------

    private Node profile() {
        TextField name = text("me-field-name", model.name, "Your name, as others see it", "Name");
        TextField location = text("me-field-location", model.location, "Town or region", "Location");
        TextArea bio = new TextArea();
        bio.setId("me-field-bio");
        bio.setPromptText("A few lines about you (at most " + Limits.MAX_BIO_CHARS + " characters)");
        bio.setAccessibleText("Bio");
        bio.setWrapText(true);
        bio.setPrefRowCount(3);
        bio.textProperty().bindBidirectional(model.bio);
        fields.put("bio", bio);

        Button choose = new Button("Choose picture…", new FontIcon(Feather.IMAGE));
        choose.setId("me-avatar-choose");
        choose.setOnAction(e -> controller.onChooseAvatar(choose));
        Button remove = new Button(null, new FontIcon(Feather.TRASH_2));
        remove.setId("me-avatar-remove");
        remove.setAccessibleText("Remove the picture");
        remove.setTooltip(new Tooltip("Remove the picture"));
        remove.getStyleClass().add("flat");
        remove.disableProperty().bind(model.avatar.isNull());
        remove.setOnAction(e -> controller.onRemoveAvatar());
        Label avatarHint = muted("PNG or JPEG; scaled to " + Avatars.MAX_SIDE + " px and at most "
                + Limits.MAX_AVATAR_BYTES / 1024 + " KB.");
        HBox avatarRow = new HBox(12, avatar(72), new VBox(6, new HBox(6, choose, remove), avatarHint));
        avatarRow.setAlignment(Pos.CENTER_LEFT);
        fields.put("avatar", choose);

        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(12);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(90);
        javafx.scene.layout.ColumnConstraints inputs = new javafx.scene.layout.ColumnConstraints();
        inputs.setHgrow(Priority.ALWAYS);
        inputs.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, inputs);
        int row = 0;
        grid.addRow(row++, label("Picture", null), avatarRow);
        grid.addRow(row++, label("_Name", name), name);
        grid.addRow(row++, label("_Location", location), location);
        grid.addRow(row++, label("_Bio", bio), bio);
        grid.addRow(row++, label("S_kills", null), tags("skills", model.skills, "skill"));
        grid.addRow(row++, label("_Offers", null), tags("offers", model.offers, "offer"));
        grid.addRow(row++, label("N_eeds", null), tags("needs", model.needs, "need"));
        grid.addRow(row++, label("_Values", null), tags("values", model.values, "value"));
        grid.addRow(row, label("Lin_ks", null), tags("links", model.links, "link (https://…)"));
        grid.setMaxWidth(760);
        grid.setPadding(new Insets(16, 8, 16, 0));
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");

        Label error = Labels.error("me-error", model.error);
        error.setGraphic(new FontIcon(Feather.ALERT_CIRCLE));
        Label status = new Label();
        status.setId("me-status");
        status.getStyleClass().add("success");
        status.textProperty().bind(model.status);
        ProgressIndicator saving = new ProgressIndicator();
        saving.setPrefSize(18, 18);
        saving.visibleProperty().bind(model.saving);
        Button revert = new Button("_Revert");
        revert.setId("me-revert");
        revert.setMnemonicParsing(true);
        revert.disableProperty().bind(model.dirty.not().or(model.saving));
        revert.setOnAction(e -> controller.onRevert());
        Button save = new Button("_Save and publish");
        save.setId("me-save");
        save.setMnemonicParsing(true);
        save.getStyleClass().add("accent");
        save.setTooltip(new Tooltip("Publish your profile (Ctrl+S)"));
        save.disableProperty().bind(model.dirty.not().or(model.saving));
        save.setOnAction(e -> controller.onSave());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(10, status, grow, saving, revert, save);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox bottom = new VBox(8, error, bar);
        bottom.setPadding(new Insets(8, 0, 0, 0));
        BorderPane pane = new BorderPane(scroll);
        pane.setBottom(bottom);
        return pane;
    }

    private TextField text(String id, javafx.beans.property.StringProperty prop, String prompt, String accessible) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setAccessibleText(accessible);
        f.textProperty().bindBidirectional(prop);
        fields.put(id.substring("me-field-".length()), f);
        return f;
    }

    private Node tags(String field, javafx.collections.ObservableList<String> items, String what) {
        TagsField f = new TagsField(items, what);
        f.setId("me-field-" + field);
        f.input().setId("me-field-" + field + "-input");
        fields.put(field, f.input());
        return f;
    }

    private static Label label(String text, Node target) {
        Label l = new Label(text);
        l.setMnemonicParsing(true);
        l.getStyleClass().add("kith-field-label");
        if (target != null) {
            l.setLabelFor(target);
        }
        GridPane.setValignment(l, javafx.geometry.VPos.TOP);
        l.setPadding(new Insets(6, 0, 0, 0));
        return l;
    }

    // ---- key tab ---------------------------------------------------------------------------

    private Node key() {
        Label fileTitle = section("A copy of your key");
        Label fileText = muted("Saves identity.key as it is on this computer: protected by your passphrase (or not at"
                + " all, if you chose none). With the file and the passphrase you can restore your identity"
                + " on another computer — and so can anyone who has both.");
        Label warn = new Label("Keep the copy somewhere only you can reach: not a shared folder, not an e-mail.");
        warn.getStyleClass().add("kith-warning");
        warn.setWrapText(true);
        warn.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
        Button backup = new Button("Save a copy of my key…", new FontIcon(Feather.DOWNLOAD));
        backup.setId("me-backup-key");
        backup.disableProperty().bind(model.keyBusy);
        backup.setOnAction(e -> controller.onBackupKey(backup));

        Label phraseTitle = section("Recovery phrase");
        Label phraseText = new Label();
        phraseText.setWrapText(true);
        phraseText.getStyleClass().add("text-muted");
        phraseText.textProperty().bind(Bindings.when(model.keyEncrypted)
                .then("Your 24 words restore your identity anywhere. Type your passphrase to see them again.")
                .otherwise("Your 24 words restore your identity anywhere. Your key has no passphrase, so anyone"
                        + " using this computer account can show them."));
        PasswordField pass = new PasswordField();
        pass.setId("me-phrase-passphrase");
        pass.setPromptText("Your passphrase");
        pass.setAccessibleText("Your passphrase, to show the recovery phrase");
        pass.textProperty().bindBidirectional(model.phrasePassphrase);
        pass.visibleProperty().bind(model.keyEncrypted);
        pass.managedProperty().bind(model.keyEncrypted);
        pass.setPrefColumnCount(20);
        Button show = new Button("Show my words", new FontIcon(Feather.EYE));
        show.setId("me-phrase-show");
        show.disableProperty().bind(model.keyBusy);
        show.setOnAction(e -> controller.onShowPhrase());
        pass.setOnAction(e -> controller.onShowPhrase());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.keyBusy);
        HBox ask = new HBox(8, pass, show, busy);
        ask.setAlignment(Pos.CENTER_LEFT);
        ask.visibleProperty().bind(Bindings.isEmpty(model.phraseWords));
        ask.managedProperty().bind(ask.visibleProperty());

        GridPane words = new GridPane();
        words.setId("me-phrase-grid");
        words.setHgap(18);
        words.setVgap(6);
        words.getStyleClass().add("kith-phrase");
        model.phraseWords.addListener((ListChangeListener<String>) c -> {
            words.getChildren().clear();
            for (int i = 0; i < model.phraseWords.size(); i++) {
                Label n = new Label((i + 1) + ".");
                n.getStyleClass().add("text-muted");
                n.setMinWidth(26);
                Label w = new Label(model.phraseWords.get(i));
                w.setId("me-phrase-word-" + (i + 1));
                w.getStyleClass().add("kith-phrase-word");
                words.add(new HBox(6, n, w), i / 6, i % 6);
            }
        });
        Button hide = new Button("Hide the words", new FontIcon(Feather.EYE_OFF));
        hide.setId("me-phrase-hide");
        hide.setOnAction(e -> controller.onHidePhrase());
        VBox shown = new VBox(10, words, hide);
        shown.visibleProperty().bind(Bindings.isNotEmpty(model.phraseWords));
        shown.managedProperty().bind(shown.visibleProperty());

        Label status = new Label();
        status.setId("me-key-status");
        status.setWrapText(true);
        status.getStyleClass().add("success");
        status.textProperty().bind(model.keyStatus);
        Label error = Labels.error("me-key-error", model.keyError);

        VBox box = new VBox(12, fileTitle, fileText, warn, backup, status, new Region(), phraseTitle, phraseText, ask,
                shown, error);
        box.setMaxWidth(720);
        box.setPadding(new Insets(16, 8, 16, 0));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        return scroll;
    }

    // ---- history tab -----------------------------------------------------------------------

    private Node history() {
        ListView<MeModel.HistoryRow> list = new ListView<>(model.history);
        list.setId("me-history");
        list.setPlaceholder(new Label("You have published nothing yet."));
        list.setCellFactory(v -> new ListCell<>() {
            private final Label type = new Label();
            private final Label swarm = new Label();
            private final Label seq = new Label();
            private final Label time = new Label();
            private final Label flag = new Label();
            private final HBox row;

            {
                type.setMinWidth(110);
                type.getStyleClass().add("kith-field-label");
                swarm.getStyleClass().add("kith-tag");
                seq.getStyleClass().add("text-muted");
                seq.setMinWidth(60);
                time.getStyleClass().add("text-muted");
                flag.getStyleClass().add("danger");
                Region grow = new Region();
                HBox.setHgrow(grow, Priority.ALWAYS);
                row = new HBox(12, type, swarm, seq, grow, flag, time);
                row.setAlignment(Pos.CENTER_LEFT);
            }

            @Override
            protected void updateItem(MeModel.HistoryRow item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    setAccessibleText(null);
                    return;
                }
                type.setText(item.type());
                type.getStyleClass().remove("kith-retracted");
                if (item.retracted()) {
                    type.getStyleClass().add("kith-retracted");
                }
                swarm.setText(item.swarm());
                seq.setText("#" + item.seq());
                time.setText(item.time());
                flag.setText(item.retracted() ? "retracted" : item.forkEvidence() ? "fork evidence" : "");
                setGraphic(row);
                setAccessibleText(item.type() + " in " + item.swarm() + ", number " + item.seq() + ", " + item.time()
                        + (item.retracted() ? ", retracted" : ""));
            }
        });
        Label count = new Label();
        count.getStyleClass().add("text-muted");
        count.textProperty().bind(Bindings.size(model.history).asString("%d records, newest first"));
        VBox box = new VBox(8, count, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPadding(new Insets(12, 0, 0, 0));
        return box;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("title-4");
        return l;
    }
}
