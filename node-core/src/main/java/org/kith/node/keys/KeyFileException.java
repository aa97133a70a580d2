package org.kith.node.keys;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The identity key file exists but is not a valid Kith key file: not JSON, an unknown format,
 * missing or malformed fields, parameters out of bounds, or a stored key that does not match its
 * peer ID. The message is one line naming the file and the problem; it never contains key
 * material or a passphrase.
 *
 * <p>Other I/O failures (permissions, disk full) are reported as plain {@link IOException}s.
 */
public class KeyFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public KeyFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The key file that was rejected. */
    public Path file() {
        return file;
    }
}
