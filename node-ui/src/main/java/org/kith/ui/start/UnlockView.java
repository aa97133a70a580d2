package org.kith.ui.start;

import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;

/** Asks for the passphrase of an existing identity; shows a wrong passphrase inline. */
final class UnlockView {

    private final VBox root = new VBox(12);
    private final PasswordField passphrase = new PasswordField();
    private final Label error = new Label();
    private final Button unlock = new Button("Unlock");

    UnlockView(String home, Consumer<char[]> onUnlock) {
        root.setAlignment(Pos.CENTER);
        root.setPadding(new Insets(48));
        root.setMaxWidth(420);
        Label title = new Label("Welcome back");
        title.getStyleClass().add("title-1");
        Label where = new Label(home);
        where.getStyleClass().add("text-muted");
        passphrase.setId("unlock-passphrase");
        passphrase.setPromptText("Passphrase");
        passphrase.setAccessibleText("Passphrase");
        error.setId("unlock-error");
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        unlock.setId("unlock-button");
        unlock.setDefaultButton(true);
        unlock.getStyleClass().add("accent");
        unlock.setOnAction(e -> {
            error.setText("");
            unlock.setDisable(true);
            onUnlock.accept(passphrase.getText().toCharArray());
        });
        root.getChildren().addAll(title, where, passphrase, unlock, error);
    }

    Parent root() {
        return root;
    }

    void failed(String message) {
        error.setText(message);
        passphrase.clear();
        unlock.setDisable(false);
        passphrase.requestFocus();
    }
}
