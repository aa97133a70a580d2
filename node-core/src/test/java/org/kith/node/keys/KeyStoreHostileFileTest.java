package org.kith.node.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/**
 * Damaged and hostile key files. What the AEAD can see (ciphertext, salt, nonce, peer ID or KDF
 * parameters changed to other well-formed values) surfaces as {@link WrongPassphraseException};
 * everything else is a {@link KeyFileException} with an exact one-line message, raised by every
 * reading method, and never alters the file or leaves files behind.
 */
class KeyStoreHostileFileTest {

    private static final String PASSPHRASE_TEXT = "hostile-file test passphrase";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper MAPPER = new ObjectMapper();

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

    // ---- caught by the AEAD: indistinguishable from a wrong passphrase ----

    @Test
    void flippedCiphertextBitIsCaughtByTheAead() throws Exception {
        store.create(keyPair, passphrase());
        ObjectNode json = json();
        byte[] ciphertext = decode(enc(json), "ciphertext");
        ciphertext[7] ^= 0x10;
        enc(json).put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        write(json);

        assertWrongPassphrase();
    }

    @Test
    void flippedTagBitIsCaughtByTheAead() throws Exception {
        store.create(keyPair, passphrase());
        ObjectNode json = json();
        byte[] ciphertext = decode(enc(json), "ciphertext");
        ciphertext[ciphertext.length - 1] ^= 0x01;
        enc(json).put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        write(json);

        assertWrongPassphrase();
    }

    @Test
    void swappedPeerIdIsCaughtByTheAead() throws Exception {
        store.create(keyPair, passphrase());
        PeerId forged = Ed25519KeyPair.generate(RANDOM).peerId();
        ObjectNode json = json();
        json.put("peerId", forged.toBase58());
        write(json);

        assertEquals(forged, store.peerId(), "the clear peer ID is unauthenticated until unlock");
        assertWrongPassphrase();
    }

    @Test
    void loweredKdfParametersAreCaughtByTheAead() throws Exception {
        store = new KeyStore(file, new KdfParams(512, 2, 1));
        store.create(keyPair, passphrase());
        ObjectNode json = json();
        enc(json).put("memoryKiB", 256).put("iterations", 1);
        write(json);

        assertWrongPassphrase();
    }

    @ParameterizedTest
    @ValueSource(strings = {"salt", "nonce"})
    void replacedSaltOrNonceIsCaughtByTheAead(String field) throws Exception {
        store.create(keyPair, passphrase());
        ObjectNode json = json();
        enc(json).put(field, randomBase64(decode(enc(json), field).length));
        write(json);

        assertWrongPassphrase();
    }

    // ---- well-formed files whose key does not match the peer ID ----

    @Test
    void unencryptedSeedNotMatchingPeerIdIsCorrupt() throws Exception {
        store.create(keyPair, null);
        ObjectNode json = json();
        json.put("peerId", Ed25519KeyPair.generate(RANDOM).peerId().toBase58());
        write(json);

        assertCorruptOnUnlock("key file is corrupt: its key does not match its peer ID");
    }

    @Test
    void encryptedSeedNotMatchingPeerIdIsCorrupt() throws Exception {
        PeerId other = Ed25519KeyPair.generate(RANDOM).peerId();
        byte[] seed = keyPair.seed();
        KeyFile sealed = SeedCipher.seal(other, seed, passphrase(), KdfParams.FOR_TESTS);
        Files.write(file, KeyFileCodec.encode(sealed));

        assertEquals(other, store.peerId());
        assertCorruptOnUnlock("key file is corrupt: its key does not match its peer ID");
    }

    // ---- malformed content: rejected by every reading method ----

    static Stream<Arguments> encryptedFileDefects() {
        return Stream.of(
                defect("salt of 15 bytes", r -> enc(r).put("salt", randomBase64(15)),
                        "field encryption.salt must be 16 bytes, got 15"),
                defect("salt of 17 bytes", r -> enc(r).put("salt", randomBase64(17)),
                        "field encryption.salt must be 16 bytes, got 17"),
                defect("nonce of 11 bytes", r -> enc(r).put("nonce", randomBase64(11)),
                        "field encryption.nonce must be 12 bytes, got 11"),
                defect("nonce of 13 bytes", r -> enc(r).put("nonce", randomBase64(13)),
                        "field encryption.nonce must be 12 bytes, got 13"),
                defect("ciphertext without tag", r -> enc(r).put("ciphertext", randomBase64(32)),
                        "field encryption.ciphertext must be 48 bytes, got 32"),
                defect("ciphertext of 47 bytes", r -> enc(r).put("ciphertext", randomBase64(47)),
                        "field encryption.ciphertext must be 48 bytes, got 47"),
                defect("ciphertext of 49 bytes", r -> enc(r).put("ciphertext", randomBase64(49)),
                        "field encryption.ciphertext must be 48 bytes, got 49"),
                defect("salt not base64", r -> enc(r).put("salt", "not*base64!"),
                        "field encryption.salt is not valid base64"),
                defect("salt in url-safe base64", r -> enc(r).put("salt", "-_-_-_-_-_-_-_-_-_-_-w=="),
                        "field encryption.salt is not valid base64"),
                defect("salt without padding", r -> enc(r).put("salt", randomBase64(16).replace("=", "")),
                        "field encryption.salt is not canonical padded base64"),
                defect("salt as number", r -> enc(r).put("salt", 16),
                        "field encryption.salt must be a string"),
                defect("4 GiB of memory", r -> enc(r).put("memoryKiB", 4 * 1024 * 1024),
                        "KDF parameters out of bounds: memoryKiB must be between 8 and 1048576 for parallelism 1, got 4194304"),
                defect("2 TiB of memory", r -> enc(r).put("memoryKiB", Integer.MAX_VALUE),
                        "KDF parameters out of bounds: memoryKiB must be between 8 and 1048576 for parallelism 1, got 2147483647"),
                defect("no memory", r -> enc(r).put("memoryKiB", 0),
                        "KDF parameters out of bounds: memoryKiB must be between 8 and 1048576 for parallelism 1, got 0"),
                defect("negative memory", r -> enc(r).put("memoryKiB", -1),
                        "KDF parameters out of bounds: memoryKiB must be between 8 and 1048576 for parallelism 1, got -1"),
                defect("memory beyond 32 bits", r -> enc(r).put("memoryKiB", 99_999_999_999L),
                        "field encryption.memoryKiB must be a 32-bit integer"),
                defect("memory as fraction", r -> enc(r).put("memoryKiB", 256.5),
                        "field encryption.memoryKiB must be a 32-bit integer"),
                defect("memory as string", r -> enc(r).put("memoryKiB", "256"),
                        "field encryption.memoryKiB must be a 32-bit integer"),
                defect("memory below 8 KiB per lane", r -> enc(r).put("memoryKiB", 16).put("parallelism", 4),
                        "KDF parameters out of bounds: memoryKiB must be between 32 and 1048576 for parallelism 4, got 16"),
                defect("zero iterations", r -> enc(r).put("iterations", 0),
                        "KDF parameters out of bounds: iterations must be between 1 and 10, got 0"),
                defect("a million iterations", r -> enc(r).put("iterations", 1_000_000),
                        "KDF parameters out of bounds: iterations must be between 1 and 10, got 1000000"),
                defect("zero parallelism", r -> enc(r).put("parallelism", 0),
                        "KDF parameters out of bounds: parallelism must be between 1 and 8, got 0"),
                defect("255 lanes", r -> enc(r).put("parallelism", 255),
                        "KDF parameters out of bounds: parallelism must be between 1 and 8, got 255"),
                defect("another KDF", r -> enc(r).put("kdf", "argon2i"),
                        "field encryption.kdf must be \"argon2id\""),
                defect("another cipher", r -> enc(r).put("cipher", "aes-256-gcm"),
                        "field encryption.cipher must be \"chacha20-poly1305\""),
                defect("future format", r -> r.put("format", "kith-key/2"),
                        "unsupported key file format \"kith-key/2\", expected \"kith-key/1\""),
                defect("format with a newline", r -> r.put("format", "kith-key/1\nevil"),
                        "unsupported key file format \"kith-key/1?evil\", expected \"kith-key/1\""),
                defect("format as number", r -> r.put("format", 1),
                        "field format must be a string"),
                defect("unparseable peer ID", r -> r.put("peerId", "not a peer id"),
                        "field peerId is not a canonical base58 peer ID"),
                defect("peer ID as CID", r -> r.put("peerId", PeerId.parse(r.get("peerId").textValue()).toCidBase32()),
                        "field peerId is not a canonical base58 peer ID"),
                defect("sha2-256 peer ID", r -> r.put("peerId", PeerId.fromEncodedPublicKey(new byte[64]).toBase58()),
                        "field peerId is not the peer ID of an Ed25519 key"),
                defect("null peer ID", r -> r.putNull("peerId"),
                        "field peerId must be a string"),
                defect("unknown encryption", r -> r.put("encryption", "aes"),
                        "field encryption must be \"none\" or an object"),
                defect("encryption as array", r -> r.putArray("encryption"),
                        "field encryption must be \"none\" or an object"),
                defect("unexpected root field", r -> r.put("comment", "hello"),
                        "unexpected field \"comment\""),
                defect("seed next to ciphertext", r -> r.put("seed", randomBase64(32)),
                        "unexpected field \"seed\""),
                defect("unexpected encryption field", r -> enc(r).put("pepper", "x"),
                        "unexpected field \"encryption.pepper\""),
                defect("field name with control characters", r -> r.put("evil\nname\u0000", 1),
                        "unexpected field \"evil?name?\""),
                missing("format"), missing("peerId"), missing("encryption"),
                missingEnc("kdf"), missingEnc("memoryKiB"), missingEnc("iterations"), missingEnc("parallelism"),
                missingEnc("salt"), missingEnc("cipher"), missingEnc("nonce"), missingEnc("ciphertext"));
    }

    @ParameterizedTest
    @MethodSource("encryptedFileDefects")
    void malformedEncryptedFileIsRejected(Consumer<ObjectNode> mutation, String expectedProblem) throws Exception {
        store.create(keyPair, passphrase());
        ObjectNode json = json();
        mutation.accept(json);
        write(json);

        assertCorrupt(expectedProblem);
    }

    static Stream<Arguments> unencryptedFileDefects() {
        return Stream.of(
                defect("seed of 31 bytes", r -> r.put("seed", randomBase64(31)), "field seed must be 32 bytes, got 31"),
                defect("seed of 33 bytes", r -> r.put("seed", randomBase64(33)), "field seed must be 32 bytes, got 33"),
                defect("seed not base64", r -> r.put("seed", "%%%"), "field seed is not valid base64"),
                defect("no seed", r -> r.remove("seed"), "field seed is missing"),
                defect("encryption name in other case", r -> r.put("encryption", "NONE"),
                        "field encryption must be \"none\" or an object"),
                defect("stray field", r -> r.put("nonce", randomBase64(12)), "unexpected field \"nonce\""));
    }

    @ParameterizedTest
    @MethodSource("unencryptedFileDefects")
    void malformedUnencryptedFileIsRejected(Consumer<ObjectNode> mutation, String expectedProblem) throws Exception {
        store.create(keyPair, null);
        ObjectNode json = json();
        mutation.accept(json);
        write(json);

        assertCorrupt(expectedProblem);
    }

    @Test
    void absurdMemoryIsRejectedBeforeAnyAllocation() throws Exception {
        store.create(keyPair, passphrase());
        ObjectNode json = json();
        enc(json).put("memoryKiB", 4 * 1024 * 1024).put("iterations", KdfParams.MAX_ITERATIONS);
        write(json);

        KeyFileException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(KeyFileException.class, () -> store.unlock(passphrase())));
        assertTrue(e.getMessage().contains("memoryKiB must be between"), e.getMessage());
    }

    @Test
    void truncatedFileIsRejected() throws Exception {
        store.create(keyPair, passphrase());
        byte[] content = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(content, content.length / 2));

        assertCorruptStartingWith("key file is not valid JSON (line ");
    }

    @Test
    void garbageIsRejected() throws Exception {
        store.create(keyPair, passphrase());
        byte[] garbage = new byte[1000];
        new Random(42).nextBytes(garbage);
        Files.write(file, garbage);

        assertCorruptStartingWith("key file is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " \n\t "})
    void emptyFileIsRejected(String content) throws Exception {
        store.create(keyPair, passphrase());
        Files.writeString(file, content);

        assertCorrupt("key file is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"kith-key/1\"", "null", "42"})
    void nonObjectIsRejected(String content) throws Exception {
        store.create(keyPair, passphrase());
        Files.writeString(file, content);

        assertCorrupt("key file must hold a JSON object");
    }

    @Test
    void duplicateTopLevelFieldIsRejected() throws Exception {
        store.create(keyPair, passphrase());
        String forged = Ed25519KeyPair.generate(RANDOM).peerId().toBase58();
        String content = Files.readString(file);
        Files.writeString(file, content.replaceFirst("\\{", "{\"peerId\":\"" + forged + "\","));

        assertCorruptStartingWith("key file has a duplicate JSON field (line ");
    }

    @Test
    void duplicateNestedFieldIsRejected() throws Exception {
        store.create(keyPair, passphrase());
        String content = Files.readString(file);
        Files.writeString(file, content.replace("\"nonce\" :", "\"nonce\" : \"" + randomBase64(12) + "\", \"nonce\" :"));

        assertCorruptStartingWith("key file has a duplicate JSON field (line ");
    }

    @Test
    void trailingContentIsRejected() throws Exception {
        store.create(keyPair, passphrase());
        Files.writeString(file, Files.readString(file) + "{}");

        assertCorruptStartingWith("key file is not valid JSON (line ");
    }

    @Test
    void deepNestingIsRejected() throws Exception {
        store.create(keyPair, passphrase());
        Files.writeString(file, "[".repeat(5000) + "]".repeat(5000));

        assertCorrupt("key file is not valid JSON");
    }

    @Test
    void oversizedFileIsRejectedUnread() throws Exception {
        store.create(keyPair, passphrase());
        String content = Files.readString(file);
        Files.writeString(file, content + " ".repeat(KeyStore.MAX_FILE_BYTES - content.length() + 1));

        assertCorrupt("key file is larger than 65536 bytes");
    }

    @Test
    void fileOfExactlyTheMaximumSizeIsAccepted() throws Exception {
        store.create(keyPair, passphrase());
        String content = Files.readString(file);
        Files.writeString(file, content + " ".repeat(KeyStore.MAX_FILE_BYTES - content.length()));

        assertEquals(KeyStore.MAX_FILE_BYTES, Files.size(file));
        assertEquals(keyPair.peerId(), store.unlock(passphrase()).peerId());
    }

    // ---- helpers ----

    private static Arguments defect(String description, Consumer<ObjectNode> mutation, String expectedProblem) {
        return Arguments.of(Named.of(description, mutation), expectedProblem);
    }

    private static Arguments missing(String field) {
        return defect("no " + field, r -> r.remove(field), "field " + field + " is missing");
    }

    private static Arguments missingEnc(String field) {
        return defect("no encryption." + field, r -> enc(r).remove(field), "field encryption." + field + " is missing");
    }

    private void assertWrongPassphrase() throws IOException {
        byte[] before = Files.readAllBytes(file);
        List<Path> listing = listHome();

        WrongPassphraseException e = assertThrows(WrongPassphraseException.class, () -> store.unlock(passphrase()));
        assertEquals(file + ": wrong passphrase (or the encrypted key in the file was altered)", e.getMessage());
        assertThrows(WrongPassphraseException.class, () -> store.changePassphrase(passphrase(), "new".toCharArray()));

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(listing, listHome());
    }

    /** Every reading method fails with exactly {@code file: expectedProblem}. */
    private void assertCorrupt(String expectedProblem) throws IOException {
        for (String message : rejectionMessages(List.of(store::peerId, store::isEncrypted))) {
            assertEquals(file + ": " + expectedProblem, message);
        }
    }

    private void assertCorruptStartingWith(String expectedProblemStart) throws IOException {
        for (String message : rejectionMessages(List.of(store::peerId, store::isEncrypted))) {
            assertTrue(message.startsWith(file + ": " + expectedProblemStart), message);
        }
    }

    /** The header reads fine, but unlocking fails with exactly {@code file: expectedProblem}. */
    private void assertCorruptOnUnlock(String expectedProblem) throws IOException {
        for (String message : rejectionMessages(List.of())) {
            assertEquals(file + ": " + expectedProblem, message);
        }
    }

    /** Runs the extra calls plus unlock and changePassphrase; checks nothing was written. */
    private List<String> rejectionMessages(List<Executable> headerCalls) throws IOException {
        byte[] before = Files.readAllBytes(file);
        List<Path> listing = listHome();
        String seedBase64 = Base64.getEncoder().encodeToString(keyPair.seed());
        String seedHex = HexFormat.of().formatHex(keyPair.seed());

        List<Executable> calls = Stream.concat(headerCalls.stream(), Stream.<Executable>of(
                () -> store.unlock(passphrase()),
                () -> store.changePassphrase(passphrase(), "new passphrase".toCharArray()))).toList();
        List<String> messages = calls.stream().map(call -> {
            KeyFileException e = assertThrows(KeyFileException.class, call);
            assertEquals(KeyFileException.class, e.getClass());
            assertEquals(file, e.file());
            String message = e.getMessage();
            assertFalse(message.contains("\n") || message.contains("\r"), message);
            assertFalse(message.contains(PASSPHRASE_TEXT), message);
            assertFalse(message.contains(seedBase64) || message.contains(seedHex), message);
            return message;
        }).toList();

        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(listing, listHome());
        return messages;
    }

    private ObjectNode json() throws IOException {
        return (ObjectNode) MAPPER.readTree(file.toFile());
    }

    private static ObjectNode enc(JsonNode root) {
        return (ObjectNode) root.get("encryption");
    }

    private void write(JsonNode root) throws IOException {
        Files.write(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] decode(JsonNode object, String field) {
        return Base64.getDecoder().decode(object.get(field).textValue());
    }

    private static String randomBase64(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private List<Path> listHome() throws IOException {
        try (Stream<Path> entries = Files.list(home)) {
            return entries.sorted().toList();
        }
    }
}
