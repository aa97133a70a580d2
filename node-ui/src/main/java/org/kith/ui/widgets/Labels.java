package org.kith.ui.widgets;

import javafx.beans.binding.StringExpression;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** Labels the screens build alike. */
public final class Labels {

    private Labels() {
    }

    /** A muted explanation that wraps and is never squeezed below its height. */
    public static Label muted(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().add("text-muted");
        return l;
    }

    /** A label {@code id} of style {@code styleClass} showing {@code text}; shown and laid out only while not empty. */
    public static Label shownWhenSet(String id, String styleClass, StringExpression text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(styleClass);
        l.textProperty().bind(text);
        l.visibleProperty().bind(text.isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** An inline error {@code id} (wrapped, "danger") showing {@code text}; shown only while not empty. */
    public static Label error(String id, StringExpression text) {
        Label l = shownWhenSet(id, "danger", text);
        l.setWrapText(true);
        return l;
    }
}
