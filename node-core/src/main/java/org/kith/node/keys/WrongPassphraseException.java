package org.kith.node.keys;

import java.nio.file.Path;

/**
 * The passphrase did not decrypt the identity key: the authentication tag of the encrypted seed
 * did not verify. The cipher cannot tell a wrong passphrase from an altered file (changed
 * ciphertext, peer ID or KDF parameters), so both end here. The message never contains the
 * passphrase.
 */
public final class WrongPassphraseException extends Exception {

    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(Path file) {
        super(file + ": wrong passphrase (or the encrypted key in the file was altered)");
    }
}
