package org.kith.ui.me;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.stage.FileChooser;

/** Asks the user for a file to open or to save to; tests answer without a dialog. Called on the FX thread. */
public interface FilePicker {

    /** A file to read, or empty if the user cancelled; {@code extensions} like "*.png" (none: any file). */
    Optional<Path> open(Node owner, String title, String description, List<String> extensions);

    /** A file to write, or empty if the user cancelled; the dialog confirms replacing a file. */
    Optional<Path> save(Node owner, String title, String suggestedName);

    /** The desktop's file dialogs. */
    static FilePicker system() {
        return new FilePicker() {
            @Override
            public Optional<Path> open(Node owner, String title, String description, List<String> extensions) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle(title);
                if (!extensions.isEmpty()) {
                    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, extensions));
                }
                chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
                File f = chooser.showOpenDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
                return Optional.ofNullable(f).map(File::toPath);
            }

            @Override
            public Optional<Path> save(Node owner, String title, String suggestedName) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle(title);
                chooser.setInitialFileName(suggestedName);
                File f = chooser.showSaveDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
                return Optional.ofNullable(f).map(File::toPath);
            }
        };
    }
}
