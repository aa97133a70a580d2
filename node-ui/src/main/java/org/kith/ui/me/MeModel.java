package org.kith.ui.me;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;

/** What the Me screen shows: the profile being edited, the key backup, the user's own records. */
final class MeModel {

    /** One of the user's records, for the history list. */
    record HistoryRow(String id, String type, String swarm, long seq, String time, long createdMillis,
            boolean retracted, boolean forkEvidence) {
    }

    final StringProperty peerId = new SimpleStringProperty("");
    final StringProperty name = new SimpleStringProperty("");
    final StringProperty bio = new SimpleStringProperty("");
    final StringProperty location = new SimpleStringProperty("");
    final ObservableList<String> skills = FXCollections.observableArrayList();
    final ObservableList<String> offers = FXCollections.observableArrayList();
    final ObservableList<String> needs = FXCollections.observableArrayList();
    final ObservableList<String> values = FXCollections.observableArrayList();
    final ObservableList<String> links = FXCollections.observableArrayList();
    final ObjectProperty<byte[]> avatar = new SimpleObjectProperty<>();
    final ObjectProperty<Image> avatarImage = new SimpleObjectProperty<>();

    final BooleanProperty loading = new SimpleBooleanProperty(true);
    final BooleanProperty dirty = new SimpleBooleanProperty();
    final BooleanProperty saving = new SimpleBooleanProperty();
    final StringProperty error = new SimpleStringProperty("");
    final StringProperty status = new SimpleStringProperty("");

    final BooleanProperty keyEncrypted = new SimpleBooleanProperty(true);
    final BooleanProperty keyBusy = new SimpleBooleanProperty();
    final StringProperty keyStatus = new SimpleStringProperty("");
    final StringProperty keyError = new SimpleStringProperty("");
    final StringProperty phrasePassphrase = new SimpleStringProperty("");
    final ObservableList<String> phraseWords = FXCollections.observableArrayList();

    final ObservableList<HistoryRow> history = FXCollections.observableArrayList();
}
