package org.kith.node.keys;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/**
 * Reads and writes the JSON key-file format, strictly: exactly the expected fields, no
 * duplicates, canonical base64 of exact lengths, KDF parameters within {@link KdfParams} bounds.
 *
 * <pre>{@code
 * {"format":"kith-key/1","peerId":"12D3…","encryption":{"kdf":"argon2id","memoryKiB":65536,
 *  "iterations":2,"parallelism":1,"salt":"…","cipher":"chacha20-poly1305","nonce":"…",
 *  "ciphertext":"…"}}
 * {"format":"kith-key/1","peerId":"12D3…","encryption":"none","seed":"…"}
 * }</pre>
 *
 * <p>Error messages never echo field values except a sanitised, truncated unknown format or
 * field name, which cannot be key material in a file we wrote.
 */
final class KeyFileCodec {

    static final int SALT_BYTES = 16;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    static final int CIPHERTEXT_BYTES = Ed25519KeyPair.SEED_BYTES + TAG_BYTES;

    private static final int MAX_NESTING_DEPTH = 8;
    private static final int MAX_NUMBER_CHARS = 20;
    private static final int MAX_QUOTED_CHARS = 40;

    private static final Set<String> ENCRYPTED_ROOT_FIELDS = Set.of("format", "peerId", "encryption");
    private static final Set<String> PLAIN_ROOT_FIELDS = Set.of("format", "peerId", "encryption", "seed");
    private static final Set<String> ENCRYPTION_FIELDS = Set.of(
            "kdf", "memoryKiB", "iterations", "parallelism", "salt", "cipher", "nonce", "ciphertext");

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_CHARS)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private KeyFileCodec() {
    }

    /**
     * @param file used only in error messages
     * @throws KeyFileException describing the first problem found
     */
    static KeyFile parse(Path file, byte[] content) throws KeyFileException {
        JsonNode root = readJson(file, content);
        if (!root.isObject()) {
            throw new KeyFileException(file, "key file must hold a JSON object");
        }
        Fields top = new Fields(file, root, "");
        String format = top.text("format");
        if (!KeyFile.FORMAT.equals(format)) {
            throw new KeyFileException(file, "unsupported key file format " + quote(format)
                    + ", expected \"" + KeyFile.FORMAT + "\"");
        }
        PeerId peerId = top.peerId("peerId");
        JsonNode encryption = top.node("encryption");
        if (encryption.isTextual() && KeyFile.ENCRYPTION_NONE.equals(encryption.textValue())) {
            top.allowOnly(PLAIN_ROOT_FIELDS);
            return new KeyFile.Plain(peerId, top.bytes("seed", Ed25519KeyPair.SEED_BYTES));
        }
        if (!encryption.isObject()) {
            throw new KeyFileException(file, "field encryption must be \"none\" or an object");
        }
        top.allowOnly(ENCRYPTED_ROOT_FIELDS);
        Fields enc = new Fields(file, encryption, "encryption.");
        enc.allowOnly(ENCRYPTION_FIELDS);
        enc.expect("kdf", KeyFile.KDF_ARGON2ID);
        enc.expect("cipher", KeyFile.CIPHER_CHACHA20_POLY1305);
        KdfParams kdf = enc.kdfParams();
        return new KeyFile.Encrypted(peerId, kdf, enc.bytes("salt", SALT_BYTES),
                enc.bytes("nonce", NONCE_BYTES), enc.bytes("ciphertext", CIPHERTEXT_BYTES));
    }

    /** The file content: pretty-printed JSON with a trailing newline. */
    static byte[] encode(KeyFile keyFile) {
        Base64.Encoder base64 = Base64.getEncoder();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", KeyFile.FORMAT);
        root.put("peerId", keyFile.peerId().toBase58());
        if (keyFile instanceof KeyFile.Encrypted encrypted) {
            ObjectNode enc = root.putObject("encryption");
            enc.put("kdf", KeyFile.KDF_ARGON2ID);
            enc.put("memoryKiB", encrypted.kdf().memoryKiB());
            enc.put("iterations", encrypted.kdf().iterations());
            enc.put("parallelism", encrypted.kdf().parallelism());
            enc.put("salt", base64.encodeToString(encrypted.salt()));
            enc.put("cipher", KeyFile.CIPHER_CHACHA20_POLY1305);
            enc.put("nonce", base64.encodeToString(encrypted.nonce()));
            enc.put("ciphertext", base64.encodeToString(encrypted.ciphertext()));
        } else if (keyFile instanceof KeyFile.Plain plain) {
            root.put("encryption", KeyFile.ENCRYPTION_NONE);
            root.put("seed", base64.encodeToString(plain.seed()));
        }
        try {
            byte[] json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            byte[] withNewline = Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            Arrays.fill(json, (byte) 0);
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise a JSON tree", e);
        }
    }

    private static JsonNode readJson(Path file, byte[] content) throws KeyFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            throw new KeyFileException(file, describe(e));
        } catch (IOException e) {
            throw new KeyFileException(file, "key file is not valid JSON text");
        }
        if (root == null || root.isMissingNode()) {
            throw new KeyFileException(file, "key file is empty");
        }
        return root;
    }

    /** Jackson's own messages quote the input, which may hold key material: build our own. */
    private static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                ? "key file has a duplicate JSON field"
                : "key file is not valid JSON";
        JsonLocation at = e.getLocation();
        return at == null ? what : what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** Printable ASCII only, truncated: safe to put in a one-line message. */
    static String quote(String untrusted) {
        StringBuilder out = new StringBuilder("\"");
        untrusted.codePoints().limit(MAX_QUOTED_CHARS)
                .forEach(c -> out.append(c >= 0x20 && c < 0x7F ? (char) c : '?'));
        if (untrusted.codePointCount(0, untrusted.length()) > MAX_QUOTED_CHARS) {
            out.append("...");
        }
        return out.append('"').toString();
    }

    /** Typed, bounded access to the fields of one JSON object; {@code prefix} names it in messages. */
    private record Fields(Path file, JsonNode object, String prefix) {

        JsonNode node(String name) throws KeyFileException {
            JsonNode value = object.get(name);
            if (value == null) {
                throw problem(name, "is missing");
            }
            return value;
        }

        String text(String name) throws KeyFileException {
            JsonNode value = node(name);
            if (!value.isTextual()) {
                throw problem(name, "must be a string");
            }
            return value.textValue();
        }

        void expect(String name, String constant) throws KeyFileException {
            if (!constant.equals(text(name))) {
                throw problem(name, "must be \"" + constant + "\"");
            }
        }

        int integer(String name) throws KeyFileException {
            JsonNode value = node(name);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw problem(name, "must be a 32-bit integer");
            }
            return value.intValue();
        }

        KdfParams kdfParams() throws KeyFileException {
            int memoryKiB = integer("memoryKiB");
            int iterations = integer("iterations");
            int parallelism = integer("parallelism");
            try {
                return new KdfParams(memoryKiB, iterations, parallelism);
            } catch (IllegalArgumentException e) {
                throw new KeyFileException(file, "KDF parameters out of bounds: " + e.getMessage());
            }
        }

        PeerId peerId(String name) throws KeyFileException {
            String text = text(name);
            if (!PeerId.isCanonicalBase58(text)) {
                throw problem(name, "is not a canonical base58 peer ID");
            }
            PeerId peerId = PeerId.parse(text);
            if (peerId.ed25519Key().isEmpty()) {
                throw problem(name, "is not the peer ID of an Ed25519 key");
            }
            return peerId;
        }

        /** Canonical padded base64 of exactly {@code length} bytes. */
        byte[] bytes(String name, int length) throws KeyFileException {
            String text = text(name);
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw problem(name, "is not valid base64");
            }
            if (decoded.length != length) {
                int actual = decoded.length;
                Arrays.fill(decoded, (byte) 0);
                throw problem(name, "must be " + length + " bytes, got " + actual);
            }
            if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
                Arrays.fill(decoded, (byte) 0);
                throw problem(name, "is not canonical padded base64");
            }
            return decoded;
        }

        void allowOnly(Set<String> allowed) throws KeyFileException {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    throw new KeyFileException(file, "unexpected field " + quote(prefix + name));
                }
            }
        }

        private KeyFileException problem(String name, String what) {
            return new KeyFileException(file, "field " + prefix + name + " " + what);
        }
    }
}
