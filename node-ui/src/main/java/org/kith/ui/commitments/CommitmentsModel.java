package org.kith.ui.commitments;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** What the Commitments screen shows. FX thread only. */
final class CommitmentsModel {

    /** A list row: a group's header or a commitment. */
    sealed interface Row permits Header, Item {
    }

    record Header(Entry.Group group, int count) implements Row {
        @Override
        public String toString() {
            return group.title + " (" + count + ")";
        }
    }

    record Item(Entry entry) implements Row {
        @Override
        public String toString() {
            return entry.what();
        }
    }

    final ObservableList<Row> rows = FXCollections.observableArrayList();
    final BooleanProperty loading = new SimpleBooleanProperty(true);
    final StringProperty loadError = new SimpleStringProperty();
    /** The commitment shown on the right, or null. */
    final ObjectProperty<Entry> selected = new SimpleObjectProperty<>();
    /** An action failed: the node's message. */
    final StringProperty error = new SimpleStringProperty();
    /** What the last action did ("Attested: kept"). */
    final StringProperty notice = new SimpleStringProperty();
    final BooleanProperty busy = new SimpleBooleanProperty();
    final IntegerProperty toAttest = new SimpleIntegerProperty();
}
