package org.kith.node.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/**
 * The node's identity key, kept in one file (normally {@code <home>/}{@value #FILE_NAME}).
 *
 * <p><b>Guarantees.</b> The 32-byte Ed25519 seed is stored either sealed with ChaCha20-Poly1305
 * under an Argon2id key derived from the passphrase (Unicode NFC, UTF-8), or — only when the
 * caller passes a {@code null} passphrase — in clear, marked {@code "encryption":"none"}. The
 * peer ID is stored in clear so {@link #peerId()} needs no passphrase; the format, peer ID and KDF
 * parameters are bound into the AEAD, and {@link #unlock} checks that the seed yields that peer
 * ID. Every write gets a fresh random salt and nonce and is atomic: a temporary file created with
 * mode 0600, fsynced, then renamed (or hard-linked for {@link #create}); the final file is
 * exactly {@code rw-------}. Files on a file system without POSIX permissions are never written.
 * Every read rejects a file over {@value #MAX_FILE_BYTES} bytes and validates the whole file
 * before any key derivation, so a hostile file cannot make the node allocate more than
 * {@link KdfParams#MAX_MEMORY_KIB} KiB. Copies of the passphrase, derived key and seed that this
 * class makes are wiped after use (see {@link PassphraseKdf} and {@link SeedCipher} for the copies
 * the JDK keeps); the caller's passphrase arrays are never modified — wipe them yourself. Neither
 * messages nor {@link #toString()} contain key material or passphrases.
 *
 * <p><b>Thread-safety.</b> Instances are thread-safe: writes are serialised per instance and
 * reads see either the old or the new file. Nothing locks across processes or across two
 * instances on the same path; one node process must own its home directory.
 *
 * <p><b>Failures.</b> {@link KeyFileNotFoundException} if there is no file;
 * {@link KeyFileException} if the file is malformed, hostile or inconsistent;
 * {@link WrongPassphraseException} if the passphrase does not open it (indistinguishable from a
 * tampered ciphertext or header); {@link FileAlreadyExistsException} if {@link #create} would
 * overwrite; other {@link IOException}s for I/O errors; {@link IllegalArgumentException} for
 * caller mistakes (no passphrase for an encrypted file, an empty new passphrase).
 */
public final class KeyStore {

    public static final String FILE_NAME = "identity.key";
    /** A real key file is under 1 KiB; anything above this is rejected unread. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    private final Path file;
    private final KdfParams kdfParams;
    private final Object writeLock = new Object();

    /** A key store at {@code file} that encrypts with {@link KdfParams#DEFAULT}. */
    public KeyStore(Path file) {
        this(file, KdfParams.DEFAULT);
    }

    /**
     * A key store at {@code file} whose writes use {@code kdfParams}. Reads use the parameters
     * recorded in the file, whatever they are, within {@link KdfParams} bounds.
     */
    public KeyStore(Path file, KdfParams kdfParams) {
        this.file = Objects.requireNonNull(file, "file");
        this.kdfParams = Objects.requireNonNull(kdfParams, "kdfParams");
    }

    public Path file() {
        return file;
    }

    /** True if something is at the path (even a dangling link): {@link #create} would refuse. */
    public boolean exists() {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The peer ID recorded in the file, read without the passphrase. It is checked for syntax
     * only; {@link #unlock} is what proves the file's key matches it.
     */
    public PeerId peerId() throws IOException {
        return read().peerId();
    }

    public boolean isEncrypted() throws IOException {
        return read() instanceof KeyFile.Encrypted;
    }

    /**
     * Stores {@code keyPair} in a new file.
     *
     * @param passphrase the passphrase to encrypt with, or {@code null} to store the key
     *     unencrypted because the user explicitly chose no passphrase
     * @throws FileAlreadyExistsException if the file already exists (it is left alone)
     * @throws IllegalArgumentException if {@code passphrase} is empty
     */
    public void create(Ed25519KeyPair keyPair, char[] passphrase) throws IOException {
        Objects.requireNonNull(keyPair, "keyPair");
        checkNewPassphrase(passphrase);
        synchronized (writeLock) {
            if (exists()) {
                throw new FileAlreadyExistsException(file.toString(), null,
                        "identity key file already exists; refusing to overwrite it");
            }
            byte[] content = encode(keyPair, passphrase);
            try {
                PrivateFiles.createNew(file, content);
            } finally {
                Arrays.fill(content, (byte) 0);
            }
        }
    }

    /**
     * Decrypts the key pair. The caller should {@link Ed25519KeyPair#destroy() destroy} it when done.
     *
     * @param passphrase required if {@link #isEncrypted()}; ignored (may be {@code null}) otherwise
     * @throws WrongPassphraseException if the passphrase is wrong or the encrypted part was altered
     * @throws KeyFileException if the file is malformed or its key does not match its peer ID
     * @throws IllegalArgumentException if the file is encrypted and {@code passphrase} is null
     */
    public Ed25519KeyPair unlock(char[] passphrase) throws IOException, WrongPassphraseException {
        KeyFile keyFile = read();
        byte[] seed = decryptSeed(keyFile, passphrase);
        Ed25519KeyPair keyPair;
        try {
            keyPair = Ed25519KeyPair.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        if (!keyPair.peerId().equals(keyFile.peerId())) {
            keyPair.destroy();
            throw new KeyFileException(file, "key file is corrupt: its key does not match its peer ID");
        }
        return keyPair;
    }

    /**
     * Re-encrypts the key under a new passphrase, with fresh salt and nonce, replacing the file
     * atomically. On any failure the old file is left as it was.
     *
     * @param oldPassphrase as for {@link #unlock}
     * @param newPassphrase the new passphrase, or {@code null} to store the key unencrypted
     * @throws WrongPassphraseException if {@code oldPassphrase} is wrong
     * @throws IllegalArgumentException if {@code newPassphrase} is empty
     */
    public void changePassphrase(char[] oldPassphrase, char[] newPassphrase)
            throws IOException, WrongPassphraseException {
        checkNewPassphrase(newPassphrase);
        synchronized (writeLock) {
            Ed25519KeyPair keyPair = unlock(oldPassphrase);
            byte[] content = null;
            try {
                content = encode(keyPair, newPassphrase);
                PrivateFiles.replace(file, content);
            } finally {
                keyPair.destroy();
                if (content != null) {
                    Arrays.fill(content, (byte) 0);
                }
            }
        }
    }

    private byte[] decryptSeed(KeyFile keyFile, char[] passphrase) throws WrongPassphraseException {
        if (keyFile instanceof KeyFile.Plain plain) {
            return plain.seed();
        }
        KeyFile.Encrypted encrypted = (KeyFile.Encrypted) keyFile;
        if (passphrase == null) {
            throw new IllegalArgumentException(file + ": key file is encrypted; a passphrase is required");
        }
        try {
            return SeedCipher.open(encrypted, passphrase);
        } catch (AEADBadTagException e) {
            throw new WrongPassphraseException(file);
        }
    }

    private byte[] encode(Ed25519KeyPair keyPair, char[] passphrase) {
        byte[] seed = keyPair.seed();
        try {
            KeyFile keyFile = passphrase == null
                    ? new KeyFile.Plain(keyPair.peerId(), seed)
                    : SeedCipher.seal(keyPair.peerId(), seed, passphrase, kdfParams);
            return KeyFileCodec.encode(keyFile);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private KeyFile read() throws IOException {
        byte[] content = readBounded();
        try {
            return KeyFileCodec.parse(file, content);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private byte[] readBounded() throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new KeyFileNotFoundException(file);
        }
        try (in) {
            byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                Arrays.fill(content, (byte) 0);
                throw new KeyFileException(file, "key file is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return content;
        }
    }

    private static void checkNewPassphrase(char[] passphrase) {
        if (passphrase != null && passphrase.length == 0) {
            throw new IllegalArgumentException("empty passphrase; pass null to store the key without encryption");
        }
    }

    @Override
    public String toString() {
        return "KeyStore[" + file + "]";
    }
}
