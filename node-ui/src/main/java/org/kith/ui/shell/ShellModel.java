package org.kith.ui.shell;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What the shell shows: the current section, the inbox badge, the network status line. */
final class ShellModel {
    final ObjectProperty<Section> section = new SimpleObjectProperty<>(Section.INBOX);
    final IntegerProperty inboxCount = new SimpleIntegerProperty();
    final StringProperty status = new SimpleStringProperty("Starting…");
    final StringProperty userName = new SimpleStringProperty("");
    final javafx.beans.property.BooleanProperty dark = new javafx.beans.property.SimpleBooleanProperty();
}
