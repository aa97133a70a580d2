package org.kith.ui.app;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import org.kith.node.KithException;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import org.kith.node.keys.KeyStore;
import org.kith.node.keys.WrongPassphraseException;
import org.kith.protocol.identity.Ed25519KeyPair;

/** Opening the identity of a data directory (what the start screen does before the shell). */
public final class Identity {

    private Identity() {
    }

    /** Whether {@code home} holds an identity. */
    public static boolean exists(KithHome home) {
        return home.keyStore().exists();
    }

    /** Whether opening needs a passphrase the user must type (none stored, none in KITH_PASSPHRASE). */
    public static boolean needsPassphrase(KithHome home) throws KithException {
        try {
            return home.keyStore().isEncrypted();
        } catch (IOException e) {
            throw new KithException(e.getMessage(), e);
        }
    }

    /**
     * Unlocks the key of {@code home} with {@code passphrase} (null when unencrypted; wiped here)
     * and opens its node for writing.
     */
    public static KithNode open(KithHome home, char[] passphrase, Clock clock) throws KithException {
        home.requireInitialised();
        KeyStore keys = home.keyStore();
        Ed25519KeyPair key;
        try {
            key = keys.unlock(passphrase);
        } catch (WrongPassphraseException e) {
            throw new KithException("wrong passphrase");
        } catch (IOException e) {
            throw new KithException(e.getMessage(), e);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
        try {
            return KithNode.open(home, key.peerId(), key, clock);
        } catch (RuntimeException | KithException e) {
            key.destroy();
            throw e;
        }
    }
}
