package org.kith.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.kith.node.keys.KeyStore;
import org.kith.protocol.identity.PeerId;

/**
 * A Kith data directory: the identity key and one store per identity.
 *
 * <pre>
 * DIR/identity.key        the encrypted identity key (mode 0600)
 * DIR/&lt;peerId&gt;/kith.db    the identity's SQLite store (+ -wal, -shm)
 * </pre>
 *
 * DIR is {@code --home}, else {@code $KITH_HOME}, else {@code $XDG_DATA_HOME/kith}, else
 * {@code ~/.local/share/kith}.
 */
public final class KithHome {

    public static final String ENV_HOME = "KITH_HOME";
    public static final String STORE_FILE = "kith.db";

    private final Path dir;

    public KithHome(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** Resolves the data directory from an explicit option (may be null) and the environment. */
    public static KithHome resolve(Path explicit, Map<String, String> env) {
        if (explicit != null) {
            return new KithHome(explicit);
        }
        String kithHome = env.get(ENV_HOME);
        if (kithHome != null && !kithHome.isBlank()) {
            return new KithHome(Path.of(kithHome));
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return new KithHome(Path.of(xdg, "kith"));
        }
        String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new KithHome(Path.of(userHome, ".local", "share", "kith"));
    }

    /**
     * Where per-user settings go: {@code $XDG_CONFIG_HOME/kith} (else {@code ~/.config/kith}) for the
     * default data directory; inside the data directory itself when one was chosen ({@code --home},
     * {@code KITH_HOME}), so a second identity keeps its own settings.
     */
    public Path configDir(Map<String, String> env) {
        return isDefault(env) ? xdg(env, "XDG_CONFIG_HOME", ".config") : dir;
    }

    /** Where re-creatable files go: {@code $XDG_CACHE_HOME/kith} (else {@code ~/.cache/kith}). */
    public static Path cacheDir(Map<String, String> env) {
        return xdg(env, "XDG_CACHE_HOME", ".cache");
    }

    /** Whether this is the data directory used when none is chosen. */
    public boolean isDefault(Map<String, String> env) {
        java.util.HashMap<String, String> without = new java.util.HashMap<>(env);
        without.remove(ENV_HOME);
        return dir.equals(resolve(null, without).dir);
    }

    private static Path xdg(Map<String, String> env, String variable, String fallback) {
        String v = env.get(variable);
        if (v != null && !v.isBlank() && Path.of(v).isAbsolute()) {
            return Path.of(v, "kith");
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), fallback, "kith");
    }

    public Path dir() {
        return dir;
    }

    public Path keyFile() {
        return dir.resolve(KeyStore.FILE_NAME);
    }

    public KeyStore keyStore() {
        return new KeyStore(keyFile());
    }

    public Path storeFile(PeerId identity) {
        return dir.resolve(identity.toBase58()).resolve(STORE_FILE);
    }

    /** Refuses a directory that already holds an identity key; creates nothing. */
    public void requireNoIdentity() throws KithException {
        if (Files.exists(keyFile(), LinkOption.NOFOLLOW_LINKS)) {
            throw new KithException(dir + " already holds a Kith identity; use another --home");
        }
        if (Files.isDirectory(dir)) {
            // Only stores of earlier identities (directories named by peer ID) may be there, so a
            // lost key can be restored beside its store, but ~ or ~/Documents are never taken over.
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.anyMatch(e -> !Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)
                        || !PeerId.isCanonicalBase58(e.getFileName().toString()))) {
                    throw new KithException(dir + " is not empty and holds no Kith identity;"
                            + " init needs a new or empty directory");
                }
            } catch (IOException e) {
                throw new KithException("cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Creates the directory (mode 0700) for a new identity; refuses one that already holds a key. */
    public void prepareForInit() throws KithException {
        requireNoIdentity();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new KithException("cannot create data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Checks that this is an initialised Kith directory, with a message that says what to do. */
    public void requireInitialised() throws KithException {
        if (!Files.isDirectory(dir)) {
            throw new KithException("no Kith data directory at " + dir + "; run `kith init` first");
        }
        if (!Files.exists(keyFile())) {
            boolean empty;
            try (Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            } catch (IOException e) {
                throw new KithException("cannot read " + dir + ": " + e.getMessage(), e);
            }
            throw new KithException(empty ? "no Kith identity in " + dir + "; run `kith init` first"
                    : dir + " is not a Kith data directory (no " + KeyStore.FILE_NAME + ")");
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
