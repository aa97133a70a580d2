package org.kith.ui.projects;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import javafx.scene.control.DateCell;
import javafx.scene.control.DatePicker;
import javafx.util.StringConverter;

/** Date pickers that read and write ISO dates (YYYY-MM-DD), whatever the desktop's locale. */
public final class Dates {

    private Dates() {
    }

    /** A picker showing ISO dates; when {@code earliest} gives a day, days before it are disabled. */
    public static DatePicker picker(String id, String prompt, Supplier<LocalDate> earliest) {
        DatePicker p = new DatePicker();
        p.setId(id);
        p.setPromptText(prompt);
        p.setEditable(true);
        p.setAccessibleText(prompt);
        p.setConverter(new StringConverter<>() {
            @Override
            public String toString(LocalDate d) {
                return d == null ? "" : d.toString();
            }

            @Override
            public LocalDate fromString(String s) {
                if (s == null || s.isBlank()) {
                    return null;
                }
                try {
                    return LocalDate.parse(s.strip());
                } catch (DateTimeParseException e) {
                    // Keep what was typed: the form's check reports it next to the field.
                    return p.getValue();
                }
            }
        });
        if (earliest != null) {
            p.setDayCellFactory(picker -> new DateCell() {
                @Override
                public void updateItem(LocalDate item, boolean empty) {
                    super.updateItem(item, empty);
                    LocalDate min = earliest.get();
                    setDisable(empty || min != null && item.isBefore(min));
                }
            });
        }
        return p;
    }

    /** What the picker's editor holds now (the form validates the text, not the last committed value). */
    public static String text(DatePicker p) {
        return p.getEditor().getText();
    }

    /** Sets the picker to {@code d} (editor text included). */
    public static void set(DatePicker p, LocalDate d) {
        p.setValue(d);
        p.getEditor().setText(d == null ? "" : d.toString());
    }
}
