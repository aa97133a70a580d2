package org.kith.ui.start;

import static org.kith.ui.widgets.Labels.muted;

import java.util.EnumMap;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kith.ui.me.TagsField;
import org.kith.ui.start.FirstRunModel.Step;
import org.kith.ui.widgets.Labels;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The first-run pages, one per step, in a centred card; the controller decides which is shown. */
final class FirstRunView {

    private final FirstRunModel model;
    private final FirstRunController controller;
    private final StackPane root = new StackPane();
    private final VBox card = new VBox(16);
    private final Map<Step, Node> pages = new EnumMap<>(Step.class);
    private final Map<Step, Node> firstFocus = new EnumMap<>(Step.class);

    FirstRunView(FirstRunModel model, FirstRunController controller) {
        this.model = model;
        this.controller = controller;
        root.getStyleClass().add("kith-first-run");
        card.getStyleClass().add("kith-card");
        card.setMaxWidth(620);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        card.setPadding(new Insets(28, 32, 28, 32));
        ScrollPane scroll = new ScrollPane(new StackPane(card));
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("edge-to-edge");
        ((StackPane) scroll.getContent()).setPadding(new Insets(32));
        root.getChildren().add(scroll);
        pages.put(Step.CHOOSE, choose());
        pages.put(Step.CREATE, create());
        pages.put(Step.PHRASE, phrase());
        pages.put(Step.CONFIRM, confirm());
        pages.put(Step.PROFILE, profile());
        pages.put(Step.RESTORE, restore());
        model.step.addListener((o, was, now) -> show(now));
        show(model.step.get());
    }

    Parent root() {
        return root;
    }

    private void show(Step step) {
        card.getChildren().setAll(pages.get(step));
        Node focus = firstFocus.get(step);
        if (focus != null) {
            Platform.runLater(focus::requestFocus);
        }
    }

    // ---- pages -----------------------------------------------------------------------------

    private Node choose() {
        Label brand = new Label("Kith");
        brand.getStyleClass().addAll("title-1", "kith-brand");
        Label intro = muted("Your identity is a key kept on this computer. Only you hold it: nobody else can sign"
                + " as you, and nobody can take it away.");
        Button create = bigChoice("first-create", Feather.USER_PLUS, "_Create a new identity",
                "Start fresh: a name, a passphrase, and 24 words to keep safe.");
        create.setOnAction(e -> controller.onCreateChosen());
        Button restore = bigChoice("first-restore", Feather.ROTATE_CCW, "_Restore an identity",
                "From your 24-word recovery phrase or a key backup file.");
        restore.setOnAction(e -> controller.onRestoreChosen());
        Label where = muted("Data directory: " + model.home.get());
        where.setId("first-home");
        firstFocus.put(Step.CHOOSE, create);
        return page(brand, intro, create, restore, where);
    }

    private Node create() {
        TextField name = new TextField();
        name.setId("first-name");
        name.setPromptText("Your name, as others will see it");
        name.setAccessibleText("Display name");
        name.textProperty().bindBidirectional(model.name);
        firstFocus.put(Step.CREATE, name);
        Node passwords = passphraseFields("first");
        Button back = back();
        Button next = primary("first-next", "Continue");
        next.setOnAction(e -> controller.onCreateNext());
        return page(heading("Create your identity", "Step 1 of 4"),
                field("_Name", name),
                passwords,
                busyRow(), errorLabel(),
                buttons(back, next));
    }

    private Node phrase() {
        Label warning = new Label("Write these 24 words down, in order, and keep them somewhere safe."
                + " They are shown only now. With them you can restore your identity on any computer —"
                + " and so could anyone who finds them.");
        warning.setWrapText(true);
        warning.getStyleClass().add("kith-warning");
        warning.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
        GridPane grid = new GridPane();
        grid.setId("phrase-grid");
        grid.setHgap(18);
        grid.setVgap(8);
        grid.getStyleClass().add("kith-phrase");
        Runnable fill = () -> {
            grid.getChildren().clear();
            for (int i = 0; i < model.words.size(); i++) {
                Label n = new Label((i + 1) + ".");
                n.getStyleClass().add("text-muted");
                n.setMinWidth(26);
                n.setAlignment(Pos.CENTER_RIGHT);
                Label w = new Label(model.words.get(i));
                w.setId("phrase-word-" + (i + 1));
                w.getStyleClass().add("kith-phrase-word");
                HBox cell = new HBox(6, n, w);
                cell.setAlignment(Pos.CENTER_LEFT);
                grid.add(cell, i / 6, i % 6);
            }
        };
        model.words.addListener((ListChangeListener<String>) c -> fill.run());
        fill.run();
        Button back = back();
        Button done = primary("phrase-written", "I have _written them down");
        done.setOnAction(e -> controller.onWordsWrittenDown());
        firstFocus.put(Step.PHRASE, done);
        return page(heading("Your recovery phrase", "Step 2 of 4"), warning, grid, errorLabel(), buttons(back, done));
    }

    private Node confirm() {
        Label intro = new Label();
        intro.setWrapText(true);
        intro.textProperty().bind(Bindings.createStringBinding(() -> model.confirmPositions.size() < 3 ? ""
                : "To be sure your copy is right, type words #" + model.confirmPositions.get(0) + ", #"
                        + model.confirmPositions.get(1) + " and #" + model.confirmPositions.get(2) + " from it.",
                model.confirmPositions));
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        for (int i = 0; i < 3; i++) {
            int index = i;
            Label label = new Label();
            label.textProperty().bind(Bindings.createStringBinding(() -> model.confirmPositions.size() < 3 ? ""
                    : "Word #" + model.confirmPositions.get(index), model.confirmPositions));
            TextField word = new TextField();
            word.setId("confirm-word-" + i);
            word.textProperty().bindBidirectional(model.confirmWords.get(i));
            word.accessibleTextProperty().bind(label.textProperty());
            label.setLabelFor(word);
            grid.addRow(i, label, word);
            if (i == 0) {
                firstFocus.put(Step.CONFIRM, word);
            }
        }
        Button again = new Button("Show the words again");
        again.setId("confirm-back");
        again.setCancelButton(true);
        again.setOnAction(e -> controller.onBack());
        Button ok = primary("confirm-button", "_Confirm");
        ok.setOnAction(e -> controller.onConfirm());
        return page(heading("Check your copy", "Step 3 of 4"), intro, grid, errorLabel(), buttons(again, ok));
    }

    private Node profile() {
        Label intro = muted("What you can do, what you offer and what you look for: people find you by these."
                + " You can change them any time under Me.");
        TextArea bio = new TextArea();
        bio.setId("profile-bio");
        bio.setPromptText("A few lines about you");
        bio.setAccessibleText("Bio");
        bio.setWrapText(true);
        bio.setPrefRowCount(3);
        bio.textProperty().bindBidirectional(model.bio);
        firstFocus.put(Step.PROFILE, bio);
        TextField location = new TextField();
        location.setId("profile-location");
        location.setPromptText("Town or region (optional)");
        location.setAccessibleText("Location");
        location.textProperty().bindBidirectional(model.location);
        TagsField skills = tags(model.skills, "skill", "profile-skills");
        TagsField offers = tags(model.offers, "offer", "profile-offers");
        TagsField needs = tags(model.needs, "need", "profile-needs");
        Button skip = new Button("_Skip for now");
        skip.setId("profile-skip");
        skip.setOnAction(e -> controller.onSkipProfile());
        skip.disableProperty().bind(model.busy);
        Button finish = primary("profile-finish", "_Finish");
        finish.setOnAction(e -> {
            skills.commit();
            offers.commit();
            needs.commit();
            controller.onFinish();
        });
        return page(heading("About you", "Step 4 of 4"), intro, field("_Bio", bio), field("_Location", location),
                field("S_kills", skills), field("_Offers", offers), field("N_eeds", needs),
                busyRow(), errorLabel(), buttons(skip, finish));
    }

    private Node restore() {
        ToggleGroup how = new ToggleGroup();
        RadioButton byPhrase = new RadioButton("Recovery _phrase");
        byPhrase.setId("restore-mode-phrase");
        byPhrase.setToggleGroup(how);
        RadioButton byFile = new RadioButton("Key _backup file");
        byFile.setId("restore-mode-file");
        byFile.setToggleGroup(how);
        (model.restoreFromFile.get() ? byFile : byPhrase).setSelected(true);
        how.selectedToggleProperty().addListener((o, was, now) -> model.restoreFromFile.set(now == byFile));

        TextArea words = new TextArea();
        words.setId("restore-phrase");
        words.setPromptText("The 24 words, separated by spaces");
        words.setAccessibleText("Recovery phrase");
        words.setWrapText(true);
        words.setPrefRowCount(3);
        words.textProperty().bindBidirectional(model.restorePhrase);
        VBox phrasePane = new VBox(12, field("_Words", words), muted("Then choose a passphrase for this computer:"),
                passphraseFields("restore"));

        Button choose = new Button("Choose file…", new FontIcon(Feather.FOLDER));
        choose.setId("restore-file-button");
        choose.setOnAction(e -> controller.onChooseBackupFile(choose));
        Label file = new Label();
        file.setId("restore-file");
        file.textProperty().bind(Bindings.createStringBinding(() -> model.backupFile.get() == null
                ? "No file chosen" : model.backupFile.get().toString(), model.backupFile));
        file.getStyleClass().add("text-muted");
        HBox fileRow = new HBox(10, choose, file);
        fileRow.setAlignment(Pos.CENTER_LEFT);
        PasswordField backupPass = new PasswordField();
        backupPass.setId("restore-backup-passphrase");
        backupPass.setPromptText("The passphrase of the backup");
        backupPass.setAccessibleText("Passphrase of the key backup");
        backupPass.textProperty().bindBidirectional(model.backupPassphrase);
        Node passField = field("Pass_phrase", backupPass);
        passField.visibleProperty().bind(model.backupEncrypted);
        passField.managedProperty().bind(model.backupEncrypted);
        VBox filePane = new VBox(12, fileRow, passField,
                muted("A copy of identity.key, saved from Me → Key backup. It stays protected by the same passphrase."));

        phrasePane.visibleProperty().bind(model.restoreFromFile.not());
        phrasePane.managedProperty().bind(phrasePane.visibleProperty());
        filePane.visibleProperty().bind(model.restoreFromFile);
        filePane.managedProperty().bind(filePane.visibleProperty());
        firstFocus.put(Step.RESTORE, words);

        Button back = back();
        Button go = primary("restore-button", "_Restore");
        go.setOnAction(e -> controller.onRestore());
        HBox modes = new HBox(18, byPhrase, byFile);
        return page(heading("Restore your identity", null), modes, phrasePane, filePane,
                muted("Your records come back when you join your swarms again."), busyRow(), errorLabel(),
                buttons(back, go));
    }

    // ---- parts -----------------------------------------------------------------------------

    private Node passphraseFields(String prefix) {
        PasswordField pass = new PasswordField();
        pass.setId(prefix + "-passphrase");
        pass.setPromptText("Passphrase");
        pass.setAccessibleText("Passphrase");
        pass.textProperty().bindBidirectional(model.passphrase);
        PasswordField repeat = new PasswordField();
        repeat.setId(prefix + "-repeat");
        repeat.setPromptText("The same again");
        repeat.setAccessibleText("Repeat the passphrase");
        repeat.textProperty().bindBidirectional(model.repeat);
        pass.disableProperty().bind(model.noPassphrase);
        repeat.disableProperty().bind(model.noPassphrase);
        CheckBox none = new CheckBox("No passphrase — only on a machine only I use");
        none.setId(prefix + "-no-passphrase");
        none.selectedProperty().bindBidirectional(model.noPassphrase);
        Label hint = muted("The passphrase protects your key on this computer; it is asked for when Kith starts."
                + " It cannot be recovered, but your 24 words can restore the key.");
        return new VBox(10, field("_Passphrase", pass), field("R_epeat", repeat), none, hint);
    }

    private TagsField tags(javafx.collections.ObservableList<String> items, String what, String id) {
        TagsField f = new TagsField(items, what);
        f.setId(id);
        f.input().setId(id + "-input");
        return f;
    }

    private static VBox page(Node... children) {
        VBox box = new VBox(14, children);
        box.setFillWidth(true);
        return box;
    }

    private static Node heading(String title, String step) {
        Label t = new Label(title);
        t.getStyleClass().add("title-2");
        if (step == null) {
            return t;
        }
        Label s = new Label(step);
        s.getStyleClass().add("text-muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox row = new HBox(t, grow, s);
        row.setAlignment(Pos.BASELINE_LEFT);
        return row;
    }

    private static Node field(String label, Node input) {
        Label l = new Label(label);
        l.setMnemonicParsing(true);
        l.setLabelFor(input);
        l.getStyleClass().add("kith-field-label");
        return new VBox(4, l, input);
    }

    private Button bigChoice(String id, Feather icon, String title, String description) {
        Label t = new Label(title);
        t.setMnemonicParsing(true);
        t.getStyleClass().add("title-4");
        Label d = new Label(description);
        d.getStyleClass().add("text-muted");
        FontIcon i = new FontIcon(icon);
        i.setIconSize(28);
        HBox content = new HBox(16, i, new VBox(4, t, d));
        content.setAlignment(Pos.CENTER_LEFT);
        Button b = new Button(null, content);
        b.setId(id);
        b.setMnemonicParsing(true);
        b.setText(title);
        b.setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        b.setAccessibleText(title.replace("_", "") + ": " + description);
        b.getStyleClass().add("kith-choice");
        b.setMaxWidth(Double.MAX_VALUE);
        b.setMaxHeight(Region.USE_PREF_SIZE);
        b.setAlignment(Pos.CENTER_LEFT);
        b.disableProperty().bind(model.busy);
        return b;
    }

    private Button primary(String id, String text) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(true);
        b.setDefaultButton(true);
        b.getStyleClass().add("accent");
        b.disableProperty().bind(model.busy);
        return b;
    }

    private Button back() {
        Button b = new Button("_Back", new FontIcon(Feather.ARROW_LEFT));
        b.setMnemonicParsing(true);
        b.setCancelButton(true);
        b.setOnAction(e -> controller.onBack());
        b.disableProperty().bind(model.busy);
        return b;
    }

    private static Node buttons(Button left, Button right) {
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox row = new HBox(10, left, grow, right);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setPadding(new Insets(8, 0, 0, 0));
        return row;
    }

    private Label errorLabel() {
        Label error = Labels.error("first-error", model.error);
        error.setGraphic(new FontIcon(Feather.ALERT_CIRCLE));
        return error;
    }

    private Node busyRow() {
        ProgressIndicator p = new ProgressIndicator();
        p.setPrefSize(18, 18);
        Label text = new Label();
        text.textProperty().bind(model.busyText);
        HBox row = new HBox(8, p, text);
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(model.busy);
        row.managedProperty().bind(model.busy);
        return row;
    }
}
