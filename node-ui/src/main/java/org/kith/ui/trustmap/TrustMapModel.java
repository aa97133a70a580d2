package org.kith.ui.trustmap;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.kith.ui.trustmap.TrustLayout.Layout;
import org.kith.ui.trustmap.TrustMapSource.Graph;
import org.kith.ui.trustmap.TrustMapSource.Person;

/** What the Trust map shows; written by the controller on the FX thread only. */
final class TrustMapModel {
    final ObjectProperty<Graph> graph = new SimpleObjectProperty<>();
    final ObjectProperty<Layout> layout = new SimpleObjectProperty<>();
    /** The people on the map but the user, most trusted first (the side list). */
    final ObservableList<Person> people = FXCollections.observableArrayList();
    final BooleanProperty loading = new SimpleBooleanProperty(true);
    final StringProperty error = new SimpleStringProperty("");
    /** "Showing the 150 most trusted of 2,000 people", or empty. */
    final StringProperty note = new SimpleStringProperty("");
    /** Nobody but the user yet. */
    final BooleanProperty empty = new SimpleBooleanProperty();
    /** The person highlighted (hovered on the map or selected in the list), or null. */
    final ObjectProperty<String> highlighted = new SimpleObjectProperty<>();
}
