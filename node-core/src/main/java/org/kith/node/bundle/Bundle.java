package org.kith.node.bundle;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kith.protocol.record.SignedRecord;

/**
 * The export bundle: a JSON file of signed records anyone can verify without a Kith node.
 *
 * <pre>
 * {"format": "kith-bundle/1", "exported": "2026-11-23T20:00:00Z", "author": "12D3KooW…",
 *  "records": [{"id": "…52 base32…", "payload": "{\"v\":1,…}", "signature": "base64"}, …]}
 * </pre>
 *
 * The payload is the exact signed JSON text as a string, so the file is readable and any edit to
 * it breaks the signature. Reading streams, so a bundle of any size is read in flat memory.
 *
 * <p>A credits bundle ({@code kith credits --out}) adds, before {@code records}, three fields:
 * {@code "credits"} (the summary object of {@link org.kith.node.workflow.Credits}, re-derivable
 * from the records), {@code "signer"} (the exporter's peer ID) and {@code "signature"} (base64
 * Ed25519 by the signer over {@link org.kith.node.workflow.Credits#signingInput}). Its records
 * are a selection of several feeds, so their chains may have gaps.
 */
public final class Bundle {

    public static final String FORMAT = "kith-bundle/1";
    /** Largest bundle file read. */
    public static final long MAX_FILE_BYTES = 2L * 1024 * 1024 * 1024;
    /** Longest string in a bundle (a payload is at most 64 KiB of UTF-8, fewer characters). */
    static final int MAX_STRING_CHARS = 256 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8)
                    .maxStringLength(MAX_STRING_CHARS).build())
            .build();

    private static final com.fasterxml.jackson.databind.ObjectMapper TREES =
            new com.fasterxml.jackson.databind.ObjectMapper(JSON);

    private Bundle() {
    }

    /**
     * The top-level fields besides the records; null where absent.
     *
     * @param credits the summary object of a credits bundle
     */
    public record Header(String exported, String author, com.fasterxml.jackson.databind.JsonNode credits,
            String signer, String signature) {
    }

    /** The exporter's signature of a credits bundle, written before the records. */
    public record Signed(com.fasterxml.jackson.databind.JsonNode credits, String signer, byte[] signature) {
    }

    /** What {@link #readWithHeader} read. */
    public record Contents(int records, Header header) {
    }

    /** Receives entries as they are read. */
    @FunctionalInterface
    public interface EntryHandler {
        void entry(BundleEntry entry) throws IOException;
    }

    /** Writes a bundle; call {@link #add} per record, then {@link #close}. */
    public static final class Writer implements AutoCloseable {
        private final JsonGenerator g;

        /** Writes UTF-8 to {@code out}; does not close it. */
        public Writer(OutputStream out, String author, Instant exported) throws IOException {
            this(JSON.createGenerator(out, JsonEncoding.UTF8), author, exported, null);
        }

        /** A credits bundle: the summary and the exporter's signature first, then the records. */
        public Writer(OutputStream out, Instant exported, Signed signed) throws IOException {
            this(JSON.createGenerator(out, JsonEncoding.UTF8), null, exported, signed);
        }

        /** Writes text to {@code out}; does not close it. */
        public Writer(java.io.Writer out, String author, Instant exported) throws IOException {
            this(JSON.createGenerator(out), author, exported, null);
        }

        private Writer(JsonGenerator generator, String author, Instant exported, Signed signed) throws IOException {
            g = generator;
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeStringField("exported", exported.toString());
            if (author != null) {
                g.writeStringField("author", author);
            }
            if (signed != null) {
                g.setCodec(TREES);
                g.writeFieldName("credits");
                g.writeTree(signed.credits());
                g.writeStringField("signer", signed.signer());
                g.writeStringField("signature", Base64.getEncoder().encodeToString(signed.signature()));
            }
            g.writeArrayFieldStart("records");
        }

        public void add(SignedRecord record) throws IOException {
            g.writeStartObject();
            g.writeStringField("id", record.id().toString());
            g.writeStringField("payload", new String(record.payload(), StandardCharsets.UTF_8));
            g.writeStringField("signature", Base64.getEncoder().encodeToString(record.signature()));
            g.writeEndObject();
        }

        @Override
        public void close() throws IOException {
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
            g.close();
        }
    }

    /**
     * Reads a bundle, handing each entry to {@code handler}. Entries with a bad shape arrive with
     * a {@code problem}; a file that is not a bundle at all throws.
     *
     * @return the number of entries
     */
    public static int read(Path file, EntryHandler handler) throws BundleFormatException, IOException {
        return readWithHeader(file, handler).records();
    }

    /** As {@link #read}, also returning the top-level fields. */
    public static Contents readWithHeader(Path file, EntryHandler handler) throws BundleFormatException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new BundleFormatException(file + " is not a readable file");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new BundleFormatException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            try {
                return read(p, handler);
            } catch (BundleFormatException e) {
                throw new BundleFormatException(file + " is " + e.getMessage()); // "…is not a Kith bundle: why"
            } catch (JsonProcessingException e) {
                // Limit violations (StreamConstraintsException) carry no location: ask the parser.
                throw notABundle(file, e, e.getLocation() != null ? e.getLocation() : p.currentLocation());
            }
        } catch (JsonProcessingException e) {
            throw notABundle(file, e, e.getLocation());
        }
    }

    private static BundleFormatException notABundle(Path file, JsonProcessingException e, JsonLocation where) {
        String problem = e instanceof StreamConstraintsException
                ? "over a size limit: " + e.getOriginalMessage().replaceAll(",?\\s*from `[^`]*`", "")
                : e.getOriginalMessage();
        return new BundleFormatException(file + " is not a Kith bundle: " + oneLine(problem)
                + (where != null && where.getLineNr() > 0 ? " at line " + where.getLineNr() : ""));
    }

    private static Contents read(JsonParser p, EntryHandler handler) throws IOException, BundleFormatException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new BundleFormatException("not a Kith bundle: the file must hold one JSON object");
        }
        String format = null;
        int count = -1;
        String[] texts = new String[4]; // exported, author, signer, signature
        com.fasterxml.jackson.databind.JsonNode credits = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "format" -> format = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "exported", "author", "signer", "signature" -> {
                    expect(value == JsonToken.VALUE_STRING, name + " must be a string");
                    // reads the value, so MAX_STRING_CHARS applies here too (Jackson checks lazily)
                    texts[List.of("exported", "author", "signer", "signature").indexOf(name)] = p.getText();
                }
                case "credits" -> {
                    expect(value == JsonToken.START_OBJECT, "credits must be an object");
                    credits = TREES.readTree(p);
                }
                case "records" -> {
                    if (!FORMAT.equals(format)) {
                        throw new BundleFormatException("not a Kith bundle: \"format\": \"" + FORMAT
                                + "\" must come first");
                    }
                    expect(value == JsonToken.START_ARRAY, "records must be an array");
                    count = readRecords(p, handler);
                }
                default -> throw new BundleFormatException("not a Kith bundle: unknown field \"" + name + "\"");
            }
        }
        if (!FORMAT.equals(format)) {
            throw new BundleFormatException("not a Kith bundle: format must be \"" + FORMAT + "\"");
        }
        if (count < 0) {
            throw new BundleFormatException("not a Kith bundle: no records array");
        }
        if (p.nextToken() != null) {
            throw new BundleFormatException("not a Kith bundle: content after the closing brace");
        }
        return new Contents(count, new Header(texts[0], texts[1], credits, texts[2], texts[3]));
    }

    private static int readRecords(JsonParser p, EntryHandler handler) throws IOException, BundleFormatException {
        int index = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(t == JsonToken.START_OBJECT, "record " + index + " must be an object");
            handler.entry(readEntry(p, index));
            index++;
        }
        return index;
    }

    private static BundleEntry readEntry(JsonParser p, int index) throws IOException, BundleFormatException {
        String id = null;
        String payload = null;
        String signature = null;
        String problem = null;
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            seen.add(name);
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                p.skipChildren();
                problem = name + " must be a string";
                continue;
            }
            String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
            switch (name) {
                case "id" -> id = text;
                case "payload" -> payload = text;
                case "signature" -> signature = text;
                default -> problem = "unknown field \"" + name + "\"";
            }
            if (text == null && problem == null) {
                problem = name + " must be a string";
            }
        }
        if (problem == null && (payload == null || signature == null)) {
            problem = "payload and signature are required";
        }
        if (problem == null && id != null && !BundleEntry.idLooksValid(id)) {
            problem = "id is not a record id";
        }
        if (problem != null) {
            return BundleEntry.unreadable(index, id, problem);
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return BundleEntry.unreadable(index, id, "signature is not base64");
        }
        return new BundleEntry(index, id, payload.getBytes(StandardCharsets.UTF_8), sig, null);
    }

    private static void expect(boolean ok, String message) throws BundleFormatException {
        if (!ok) {
            throw new BundleFormatException("not a Kith bundle: " + message);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "malformed JSON" : s.replaceAll("\\s+", " ");
    }
}
