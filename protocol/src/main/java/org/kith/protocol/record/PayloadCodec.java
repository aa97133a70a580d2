package org.kith.protocol.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.kith.protocol.identity.PeerId;

/**
 * Reads and writes record payloads (UTF-8 JSON). Reading is strict and total: any input either
 * yields a fully validated {@link RecordPayload} or an {@link InvalidRecordException} with a
 * reason. Thread-safe.
 */
public final class PayloadCodec {

    private static final Set<String> HEADER_FIELDS = Set.of("v", "type", "author", "swarm", "seq", "prev", "ts", "body");
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final String DUPLICATE_FIELD_PREFIX = "Duplicate field '";

    private static final ObjectMapper MAPPER;

    static {
        JsonFactory factory = JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Emoji and other astral characters as 4 UTF-8 bytes, not two 6-byte escapes.
                .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Limits.MAX_JSON_DEPTH)
                        .maxStringLength(Limits.MAX_PAYLOAD_BYTES)
                        // No field name can be longer than the payload; Jackson's default (50,000)
                        // would refuse a valid opaque body.
                        .maxNameLength(Limits.MAX_PAYLOAD_BYTES)
                        .maxNumberLength(Limits.MAX_NUMBER_DIGITS)
                        .build())
                .build();
        MAPPER = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private PayloadCodec() {
    }

    /**
     * Parses and validates a payload.
     *
     * @param nowMillis this node's clock, to refuse timestamps too far in the future
     */
    public static RecordPayload parse(byte[] payload, long nowMillis) throws InvalidRecordException {
        if (payload.length > Limits.MAX_PAYLOAD_BYTES) {
            throw new InvalidRecordException(RejectReason.PAYLOAD_TOO_LARGE,
                    payload.length + " bytes, limit " + Limits.MAX_PAYLOAD_BYTES);
        }
        JsonNode root = readJson(decodeUtf8(payload));
        Fields top = new Fields(root, "").allowOnly(HEADER_FIELDS);

        long version = top.integer("v", 0, Integer.MAX_VALUE);
        if (version != RecordPayload.VERSION) {
            throw new InvalidRecordException(RejectReason.UNSUPPORTED_VERSION, "v " + version + " is not supported");
        }
        String type = top.text("type", Limits.MAX_TYPE_NAME_CHARS, Text.SINGLE_LINE);
        if (!TYPE_NAME.matcher(type).matches()) {
            throw new InvalidRecordException(RejectReason.BAD_TYPE_NAME, "type must match [a-z][a-z0-9-]*");
        }
        PeerId author = top.peerId("author");
        String swarm = top.text("swarm", SwarmId.TEXT_CHARS, Text.SINGLE_LINE);
        if (!SwarmId.isValid(swarm)) {
            throw new InvalidRecordException(RejectReason.BAD_SWARM_ID,
                    "swarm must be \"public\" or " + SwarmId.TEXT_CHARS + " base32 characters");
        }
        long seq = top.integer("seq", 1, Limits.MAX_SEQ);
        RecordId prev = top.optRecordId("prev");
        if (seq == 1 && prev != null) {
            throw new InvalidRecordException(RejectReason.PREV_UNEXPECTED, "prev must be absent at seq 1");
        }
        if (seq > 1 && prev == null) {
            throw new InvalidRecordException(RejectReason.PREV_MISSING, "prev is required after seq 1");
        }
        long ts = top.integer("ts", Limits.MIN_TIMESTAMP_MILLIS, Long.MAX_VALUE);
        if (ts > nowMillis + Limits.MAX_CLOCK_SKEW_MILLIS) {
            throw new InvalidRecordException(RejectReason.TIMESTAMP_IN_FUTURE,
                    "ts is " + (ts - nowMillis) / 1000 + " s ahead of this node's clock");
        }
        Fields body = top.object("body");
        return new RecordPayload(type, author, swarm, seq, prev, ts, readBody(type, body, author));
    }

    private static RecordBody readBody(String type, Fields body, PeerId author) throws InvalidRecordException {
        RecordType known = WireEnum.fromWire(RecordType.class, type);
        if (known == null) {
            return new OpaqueBody(type);
        }
        return switch (known) {
            case PROFILE -> Profile.read(body);
            case PROPOSAL -> Proposal.read(body);
            case COMMITMENT -> Commitment.read(body);
            case COMMITMENT_UPDATE -> CommitmentUpdate.read(body);
            case ATTESTATION -> Attestation.read(body, author);
            case VOUCH -> Vouch.read(body, author);
            case COMMENT -> Comment.read(body);
            case RETRACTION -> Retraction.read(body);
        };
    }

    /** Strict UTF-8: no malformed or overlong sequences, no encoded surrogates, no BOM. */
    private static String decodeUtf8(byte[] payload) throws InvalidRecordException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRecordException(RejectReason.NOT_UTF8, "payload is not well-formed UTF-8");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw new InvalidRecordException(RejectReason.NOT_UTF8, "payload starts with a byte order mark");
        }
        return text;
    }

    private static JsonNode readJson(String text) throws InvalidRecordException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw constraintViolation(e);
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith(DUPLICATE_FIELD_PREFIX)) {
                // Jackson quotes the key; it is record content, so only a sanitized form is shown.
                String key = message.substring(DUPLICATE_FIELD_PREFIX.length());
                if (key.endsWith("'")) {
                    key = key.substring(0, key.length() - 1);
                }
                throw new InvalidRecordException(RejectReason.DUPLICATE_KEY,
                        "an object repeats the key " + Fields.printable(key));
            }
            throw new InvalidRecordException(RejectReason.JSON_MALFORMED, "not well-formed JSON");
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException(RejectReason.JSON_MALFORMED, "not a single JSON value");
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidRecordException(RejectReason.JSON_MALFORMED, "empty payload");
        }
        checkSurrogates(root);
        return root;
    }

    /**
     * Maps a Jackson read-constraint failure to its reason. Jackson reports which constraint
     * failed only in the message, by the name of the {@link StreamReadConstraints} getter.
     */
    private static InvalidRecordException constraintViolation(StreamConstraintsException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.contains("getMaxNestingDepth")) {
            return new InvalidRecordException(RejectReason.TOO_DEEP,
                    "JSON nesting deeper than " + Limits.MAX_JSON_DEPTH);
        }
        if (message.contains("getMaxNumberLength")) {
            return new InvalidRecordException(RejectReason.OUT_OF_RANGE,
                    "a number has more than " + Limits.MAX_NUMBER_DIGITS + " digits");
        }
        return new InvalidRecordException(RejectReason.TOO_LONG, "a JSON token is longer than the payload limit");
    }

    /** JSON escapes can encode lone surrogates, which are not Unicode text: refuse them. */
    private static void checkSurrogates(JsonNode node) throws InvalidRecordException {
        if (node.isTextual()) {
            checkSurrogates(node.textValue());
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                checkSurrogates(child);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                checkSurrogates(e.getKey());
                checkSurrogates(e.getValue());
            }
        }
    }

    private static void checkSurrogates(String s) throws InvalidRecordException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidRecordException(RejectReason.NOT_UTF8, "unpaired surrogate in a string");
            }
        }
    }

    /**
     * Writes a payload as compact UTF-8 JSON, fields in a fixed order. The result is not
     * validated here; {@link RecordSigner} validates before signing.
     */
    public static byte[] write(RecordPayload p) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(bytes)) {
            JsonOut out = new JsonOut(g);
            g.writeStartObject();
            out.number("v", RecordPayload.VERSION)
                    .text("type", p.type())
                    .text("author", p.author())
                    .text("swarm", p.swarm())
                    .number("seq", p.seq())
                    .text("prev", p.prev())
                    .number("ts", p.timestampMillis());
            g.writeObjectFieldStart("body");
            p.body().write(out);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** The shared, strictly configured mapper (duplicate keys, depth and trailing tokens refused). */
    public static ObjectMapper strictMapper() {
        return MAPPER;
    }

}
