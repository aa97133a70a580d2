package org.kith.node.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.kith.protocol.identity.Ed25519KeyPair;

class KeyStoreTest {

    private static final String PASSPHRASE_TEXT = "Tr0ub4dor&3-kith-passphrase";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Written once by this implementation and opened independently (reference {@code argon2} CLI,
     * Node's ChaCha20-Poly1305, the documented associated data); guards the format against drift.
     */
    private static final String FROZEN_V1_SEED_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String FROZEN_V1_PEER_ID = "12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB";
    private static final String FROZEN_V1_FILE = """
            {
              "format" : "kith-key/1",
              "peerId" : "12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB",
              "encryption" : {
                "kdf" : "argon2id",
                "memoryKiB" : 256,
                "iterations" : 1,
                "parallelism" : 1,
                "salt" : "bXtJKBWbAxFvbdfb+T4Q0Q==",
                "cipher" : "chacha20-poly1305",
                "nonce" : "QsumOAzb/R5pEems",
                "ciphertext" : "8H/PM4xV9GfwKw4o8wukD04r5BolJhR6fGGcjKMLQaAFklAQqgk67J9U17RhQf1h"
              }
            }
            """;

    @TempDir
    Path home;

    private Path file;
    private KeyStore store;
    private Ed25519KeyPair keyPair;

    @BeforeEach
    void setUp() {
        file = home.resolve(KeyStore.FILE_NAME);
        store = new KeyStore(file, KdfParams.FOR_TESTS);
        keyPair = Ed25519KeyPair.generate(RANDOM);
    }

    private static char[] passphrase() {
        return PASSPHRASE_TEXT.toCharArray();
    }

    @Test
    void encryptedRoundTripRestoresTheSameKey() throws Exception {
        store.create(keyPair, passphrase());

        assertTrue(store.exists());
        assertTrue(store.isEncrypted());
        Ed25519KeyPair unlocked = store.unlock(passphrase());
        assertArrayEquals(keyPair.seed(), unlocked.seed());
        assertEquals(keyPair.peerId(), unlocked.peerId());
        byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
        assertTrue(keyPair.publicKey().verify(message, unlocked.sign(message)));
    }

    @Test
    void unencryptedRoundTripNeedsNoPassphrase() throws Exception {
        store.create(keyPair, null);

        assertFalse(store.isEncrypted());
        assertArrayEquals(keyPair.seed(), store.unlock(null).seed());
        assertArrayEquals(keyPair.seed(), store.unlock(passphrase()).seed(), "passphrase is ignored");
        JsonNode json = readJson();
        assertEquals("none", json.get("encryption").textValue());
        assertArrayEquals(keyPair.seed(), Base64.getDecoder().decode(json.get("seed").textValue()));
    }

    @Test
    void peerIdIsReadableWithoutPassphrase() throws Exception {
        store.create(keyPair, passphrase());

        KeyStore reopened = new KeyStore(file);
        assertEquals(keyPair.peerId(), reopened.peerId());
        assertTrue(reopened.isEncrypted());
    }

    @Test
    void encryptedFileHasTheDocumentedFormat() throws Exception {
        store.create(keyPair, passphrase());

        JsonNode json = readJson();
        assertEquals(List.of("format", "peerId", "encryption"), fieldNames(json));
        assertEquals("kith-key/1", json.get("format").textValue());
        assertEquals(keyPair.peerId().toBase58(), json.get("peerId").textValue());
        JsonNode enc = json.get("encryption");
        assertEquals(List.of("kdf", "memoryKiB", "iterations", "parallelism", "salt", "cipher", "nonce", "ciphertext"),
                fieldNames(enc));
        assertEquals("argon2id", enc.get("kdf").textValue());
        assertEquals(256, enc.get("memoryKiB").intValue());
        assertEquals(1, enc.get("iterations").intValue());
        assertEquals(1, enc.get("parallelism").intValue());
        assertEquals("chacha20-poly1305", enc.get("cipher").textValue());
        assertEquals(16, decode(enc, "salt").length);
        assertEquals(12, decode(enc, "nonce").length);
        assertEquals(48, decode(enc, "ciphertext").length);
        String content = Files.readString(file);
        assertTrue(content.endsWith("}\n"));
        assertFalse(content.contains(Base64.getEncoder().encodeToString(keyPair.seed())));
        assertFalse(content.contains(HexFormat.of().formatHex(keyPair.seed())));
    }

    @Test
    void wrongPassphraseIsRejectedAndFileUnchanged() throws Exception {
        store.create(keyPair, passphrase());
        byte[] before = Files.readAllBytes(file);

        assertThrows(WrongPassphraseException.class, () -> store.unlock("wrong".toCharArray()));
        assertThrows(WrongPassphraseException.class,
                () -> store.changePassphrase("wrong".toCharArray(), "new passphrase".toCharArray()));

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listHome());
    }

    @Test
    void filesAreOwnerReadWriteOnly() throws Exception {
        store.create(keyPair, passphrase());
        assertEquals("rw-------", permissions(file));

        store.changePassphrase(passphrase(), "another passphrase".toCharArray());
        assertEquals("rw-------", permissions(file));

        KeyStore plain = new KeyStore(home.resolve("plain.key"), KdfParams.FOR_TESTS);
        plain.create(keyPair, null);
        assertEquals("rw-------", permissions(plain.file()));
        assertEquals(List.of(file, plain.file()), listHome(), "no temporary files left behind");
    }

    @Test
    void createRefusesToOverwrite() throws Exception {
        store.create(keyPair, passphrase());
        byte[] before = Files.readAllBytes(file);

        Ed25519KeyPair other = Ed25519KeyPair.generate(RANDOM);
        assertThrows(FileAlreadyExistsException.class, () -> store.create(other, passphrase()));
        assertThrows(FileAlreadyExistsException.class, () -> store.create(other, null));

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listHome());
    }

    @Test
    void createRefusesToOverwriteAnyExistingFile() throws Exception {
        Files.writeString(file, "not a key file");

        assertThrows(FileAlreadyExistsException.class, () -> store.create(keyPair, passphrase()));
        assertEquals("not a key file", Files.readString(file));
    }

    @Test
    void changePassphraseReplacesThePassphrase() throws Exception {
        store.create(keyPair, passphrase());
        char[] newPassphrase = "a new passphrase".toCharArray();

        store.changePassphrase(passphrase(), newPassphrase);

        assertThrows(WrongPassphraseException.class, () -> store.unlock(passphrase()));
        assertArrayEquals(keyPair.seed(), store.unlock(newPassphrase).seed());
        assertEquals(keyPair.peerId(), store.peerId());
        assertEquals(List.of(file), listHome());
    }

    @Test
    void changePassphraseCanRemoveAndRestoreEncryption() throws Exception {
        store.create(keyPair, passphrase());

        store.changePassphrase(passphrase(), null);
        assertFalse(store.isEncrypted());
        assertArrayEquals(keyPair.seed(), store.unlock(null).seed());

        store.changePassphrase(null, passphrase());
        assertTrue(store.isEncrypted());
        assertArrayEquals(keyPair.seed(), store.unlock(passphrase()).seed());
    }

    @Test
    void everyWriteUsesFreshSaltAndNonce() throws Exception {
        store.create(keyPair, passphrase());
        JsonNode first = readJson().get("encryption");
        store.changePassphrase(passphrase(), passphrase());
        JsonNode second = readJson().get("encryption");
        KeyStore twin = new KeyStore(home.resolve("twin.key"), KdfParams.FOR_TESTS);
        twin.create(keyPair, passphrase());
        JsonNode third = new ObjectMapper().readTree(twin.file().toFile()).get("encryption");

        for (String field : List.of("salt", "nonce", "ciphertext")) {
            assertNotEquals(first.get(field), second.get(field), field);
            assertNotEquals(first.get(field), third.get(field), field);
            assertNotEquals(second.get(field), third.get(field), field);
        }
    }

    @Test
    void passphraseIsNormalizedToNfc() throws Exception {
        store.create(keyPair, "caf\u00e9 cr\u00e8me".toCharArray());

        assertEquals(keyPair.peerId(), store.unlock("cafe\u0301 cre\u0300me".toCharArray()).peerId());
    }

    @Test
    void callerPassphraseArraysAreNotModified() throws Exception {
        char[] first = passphrase();
        char[] second = "second passphrase".toCharArray();

        store.create(keyPair, first);
        store.unlock(first);
        store.changePassphrase(first, second);

        assertArrayEquals(passphrase(), first);
        assertArrayEquals("second passphrase".toCharArray(), second);
        assertFalse(keyPair.isDestroyed(), "the caller's key pair stays usable");
    }

    @Test
    void missingPassphraseForEncryptedFileIsCallerError() throws Exception {
        store.create(keyPair, passphrase());

        assertThrows(IllegalArgumentException.class, () -> store.unlock(null));
        assertThrows(IllegalArgumentException.class, () -> store.changePassphrase(null, passphrase()));
    }

    @Test
    void emptyNewPassphraseIsRejected() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> store.create(keyPair, new char[0]));
        assertFalse(store.exists());

        store.create(keyPair, passphrase());
        byte[] before = Files.readAllBytes(file);
        assertThrows(IllegalArgumentException.class, () -> store.changePassphrase(passphrase(), new char[0]));
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void missingFileIsADistinctError() {
        assertFalse(store.exists());

        List<Executable> calls = List.of(store::peerId, store::isEncrypted, () -> store.unlock(passphrase()),
                () -> store.changePassphrase(passphrase(), passphrase()));
        for (Executable call : calls) {
            KeyFileNotFoundException e = assertThrows(KeyFileNotFoundException.class, call);
            assertEquals(file + ": no identity key file here", e.getMessage());
            assertEquals(file, e.file());
        }
        assertEquals(List.of(), listHome());
    }

    @Test
    void passphraseNeverAppearsInMessagesOrToString() throws Exception {
        store.create(keyPair, passphrase());
        List<String> texts = new ArrayList<>();
        texts.add(store.toString());
        texts.add(keyPair.toString());
        texts.add(KdfParams.FOR_TESTS.toString());
        texts.add(assertThrows(WrongPassphraseException.class,
                () -> store.unlock((PASSPHRASE_TEXT + "x").toCharArray())).getMessage());
        texts.add(assertThrows(FileAlreadyExistsException.class,
                () -> store.create(keyPair, passphrase())).getMessage());
        texts.add(assertThrows(IllegalArgumentException.class, () -> store.unlock(null)).getMessage());
        texts.add(assertThrows(IllegalArgumentException.class,
                () -> store.changePassphrase(passphrase(), new char[0])).getMessage());

        String seedBase64 = Base64.getEncoder().encodeToString(keyPair.seed());
        String seedHex = HexFormat.of().formatHex(keyPair.seed());
        for (String text : texts) {
            assertFalse(text.contains(PASSPHRASE_TEXT), text);
            assertFalse(text.contains(seedBase64), text);
            assertFalse(text.contains(seedHex), text);
            assertFalse(text.contains("\n"), text);
        }
        assertEquals(file + ": wrong passphrase (or the encrypted key in the file was altered)", texts.get(3));
    }

    @Test
    void defaultParametersRoundTrip() throws Exception {
        KeyStore real = new KeyStore(file);
        real.create(keyPair, passphrase());

        JsonNode enc = readJson().get("encryption");
        assertEquals(65536, enc.get("memoryKiB").intValue());
        assertEquals(2, enc.get("iterations").intValue());
        assertEquals(1, enc.get("parallelism").intValue());
        assertEquals(keyPair.peerId(), real.unlock(passphrase()).peerId());
    }

    @Test
    void unlocksAFileWrittenByFormatVersion1() throws Exception {
        Files.writeString(file, FROZEN_V1_FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        Ed25519KeyPair unlocked = store.unlock("caf\u00e9 passphrase".toCharArray());

        assertEquals(FROZEN_V1_SEED_HEX, HexFormat.of().formatHex(unlocked.seed()));
        assertEquals(FROZEN_V1_PEER_ID, unlocked.peerId().toBase58());
    }

    private JsonNode readJson() throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private static byte[] decode(JsonNode object, String field) {
        return Base64.getDecoder().decode(object.get(field).textValue());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private List<Path> listHome() {
        try (Stream<Path> entries = Files.list(home)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
