package org.kith.ui.inbox;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.kith.node.workflow.Inbox;

/** What the Inbox screen shows. FX thread only. */
final class InboxModel {

    /** A list row: a group header or an item. */
    sealed interface Row permits Header, Item {
    }

    record Header(Inbox.Kind kind, int count) implements Row {
    }

    record Item(Inbox.Item item) implements Row {
        @Override
        public String toString() {
            return item.title();
        }
    }

    final ObservableList<Row> rows = FXCollections.observableArrayList();
    /** Number of items (not headers). */
    final javafx.beans.property.IntegerProperty count = new javafx.beans.property.SimpleIntegerProperty();
    final BooleanProperty loading = new SimpleBooleanProperty(true);
    /** Loading or an action failed: the message. */
    final StringProperty error = new SimpleStringProperty();
    /** What the last action did. */
    final StringProperty notice = new SimpleStringProperty();
    final BooleanProperty busy = new SimpleBooleanProperty();
    /** Attestation notes being typed, by commitment id (cells are reused; the text lives here). */
    final ObservableMap<String, String> notes = FXCollections.observableHashMap();
}
