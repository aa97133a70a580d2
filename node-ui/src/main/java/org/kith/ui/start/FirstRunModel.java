package org.kith.ui.start;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** What the first run shows: the step, what was typed, the phrase while it is shown, errors and progress. */
final class FirstRunModel {

    enum Step {
        /** Create or restore. */
        CHOOSE,
        /** Name and passphrase. */
        CREATE,
        /** The 24 words, shown once. */
        PHRASE,
        /** Three of the words typed back. */
        CONFIRM,
        /** Bio, skills, offers, needs (skippable). */
        PROFILE,
        /** From the recovery phrase or a key backup. */
        RESTORE
    }

    final ObjectProperty<Step> step = new SimpleObjectProperty<>(Step.CHOOSE);
    final StringProperty home = new SimpleStringProperty("");

    final StringProperty name = new SimpleStringProperty("");
    final StringProperty passphrase = new SimpleStringProperty("");
    final StringProperty repeat = new SimpleStringProperty("");
    final BooleanProperty noPassphrase = new SimpleBooleanProperty();

    /** The recovery phrase while it may be shown (cleared once confirmed). */
    final ObservableList<String> words = FXCollections.observableArrayList();
    /** 1-based positions of the words to type back. */
    final ObservableList<Integer> confirmPositions = FXCollections.observableArrayList();
    final List<StringProperty> confirmWords = List.of(new SimpleStringProperty(""), new SimpleStringProperty(""),
            new SimpleStringProperty(""));

    final StringProperty bio = new SimpleStringProperty("");
    final StringProperty location = new SimpleStringProperty("");
    final ObservableList<String> skills = FXCollections.observableArrayList();
    final ObservableList<String> offers = FXCollections.observableArrayList();
    final ObservableList<String> needs = FXCollections.observableArrayList();

    final BooleanProperty restoreFromFile = new SimpleBooleanProperty();
    final StringProperty restorePhrase = new SimpleStringProperty("");
    final ObjectProperty<Path> backupFile = new SimpleObjectProperty<>();
    final BooleanProperty backupEncrypted = new SimpleBooleanProperty(true);
    final StringProperty backupPassphrase = new SimpleStringProperty("");

    final StringProperty error = new SimpleStringProperty("");
    final BooleanProperty busy = new SimpleBooleanProperty();
    final StringProperty busyText = new SimpleStringProperty("");
}
