package org.kith.node.keys;

import java.nio.file.Path;

/** There is no identity key file at the expected path: the node has no identity yet. */
public final class KeyFileNotFoundException extends KeyFileException {

    private static final long serialVersionUID = 1L;

    public KeyFileNotFoundException(Path file) {
        super(file, "no identity key file here");
    }
}
