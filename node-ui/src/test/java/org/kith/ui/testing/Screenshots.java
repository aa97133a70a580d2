package org.kith.ui.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Writes a scene as a PNG into {@code target/screenshots/} (the README shows some of them). */
public final class Screenshots {

    private Screenshots() {
    }

    /** Snapshots {@code scene} (call on the FX thread) to {@code NAME.png}; returns the file. */
    public static Path save(Scene scene, String name) {
        Path dir = Path.of(System.getProperty("kith.screenshots", "target/screenshots"));
        WritableImage image = scene.snapshot(null);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
