package org.kith.ui.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.kith.node.KithHome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's own settings, {@code ui.properties} in the data directory's config directory
 * ({@link KithHome#configDir}: the XDG config directory for the default data directory, the data
 * directory itself for one chosen with {@code --home}, so two identities keep their own). Today:
 * the theme chosen in the app, which {@code --theme} overrides.
 */
public final class UiSettings {

    private static final Logger LOG = LoggerFactory.getLogger(UiSettings.class);
    public static final String FILE = "ui.properties";
    private static final String THEME = "theme";

    private final Path file;

    /** The settings in {@code dir}. */
    public UiSettings(Path dir) {
        this.file = dir.resolve(FILE);
    }

    /** The settings of the data directory {@code home}. */
    public static UiSettings of(KithHome home, java.util.Map<String, String> env) {
        return new UiSettings(home.configDir(env));
    }

    /** The theme saved by the app, if any (a damaged file counts as none). */
    public Optional<AppOptions.Theme> theme() {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String v = p.getProperty(THEME, "");
        return switch (v) {
            case "light" -> Optional.of(AppOptions.Theme.LIGHT);
            case "dark" -> Optional.of(AppOptions.Theme.DARK);
            default -> Optional.empty();
        };
    }

    /** Saves the theme (atomically: a temporary file moved into place); a failure is logged, not thrown. */
    public void saveTheme(boolean dark) {
        Properties p = new Properties();
        p.setProperty(THEME, dark ? "dark" : "light");
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Kith desktop app");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot save {}: {}", file, e.getMessage());
        }
    }
}
