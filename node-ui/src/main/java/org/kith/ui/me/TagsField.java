package org.kith.ui.me;

import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A list of short texts edited as chips: type and press Enter (or a comma) to add, the × on a chip
 * or Backspace in the empty field to remove. Edits {@code items} directly; duplicates (ignoring
 * case) are not added.
 */
public final class TagsField extends FlowPane {

    private final ObservableList<String> items;
    private final TextField input = new TextField();
    private final String what;

    /** @param what the kind of item, for prompts and accessible texts ("skill", "link") */
    public TagsField(ObservableList<String> items, String what) {
        super(6, 6);
        this.items = items;
        this.what = what;
        getStyleClass().add("kith-tags");
        setAlignment(Pos.CENTER_LEFT);
        input.setPromptText("Add " + what + "…");
        input.setAccessibleText("Add " + what + ", press Enter");
        input.setPrefColumnCount(14);
        input.getStyleClass().add("kith-tags-input");
        input.setOnAction(e -> {
            e.consume(); // Enter adds the item; it does not also press the form's default button
            commit();
        });
        input.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (",".equals(e.getCharacter())) {
                e.consume();
                commit();
            }
        });
        input.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                commit();
            }
        });
        input.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.BACK_SPACE && input.getText().isEmpty() && !items.isEmpty()) {
                items.remove(items.size() - 1);
            }
        });
        items.addListener((ListChangeListener<String>) c -> rebuild());
        rebuild();
    }

    /** The text field where new items are typed (ids for tests, focus order). */
    public TextField input() {
        return input;
    }

    /** Adds what is typed (several items if pasted with commas), if anything. */
    public void commit() {
        String typed = input.getText() == null ? "" : input.getText();
        for (String part : typed.split(",")) {
            String text = part.strip();
            String lower = text.toLowerCase(Locale.ROOT);
            if (!text.isEmpty() && items.stream().noneMatch(i -> i.toLowerCase(Locale.ROOT).equals(lower))) {
                items.add(text);
            }
        }
        input.clear();
    }

    private void rebuild() {
        getChildren().clear();
        for (String item : items) {
            Label text = new Label(item);
            Button remove = new Button(null, new FontIcon(Feather.X));
            remove.getStyleClass().addAll("flat", "kith-chip-remove");
            remove.setAccessibleText("Remove " + what + " " + item);
            remove.setTooltip(new Tooltip("Remove " + item));
            remove.setFocusTraversable(false);
            remove.setOnAction(e -> items.remove(item));
            HBox chip = new HBox(2, text, remove);
            chip.setAlignment(Pos.CENTER_LEFT);
            chip.getStyleClass().add("kith-chip");
            getChildren().add(chip);
        }
        getChildren().add(input);
    }
}
