package org.kith.node.sync;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Limits;
import org.kith.protocol.record.RecordId;

/**
 * Protobuf encoding of {@link SyncMessage}s, hand-written on protobuf-java's coded streams. A frame
 * on the stream is {@code uvarint(len) ‖ Frame} ({@link SyncFrameReader} splits them).
 *
 * <pre>
 * message Frame { oneof kind { Hello hello = 1; Batch batch = 2; Ack ack = 3; Done done = 4; } }
 * message Hello { uint32 version = 1; string swarm = 2; repeated Feed feeds = 3; }
 * message Feed  { string author = 1; uint64 seq = 2; bytes head = 3; bool forked = 4; }
 * message Batch { uint64 number = 1; repeated bytes records = 2; }
 * message Ack   { uint64 number = 1; }
 * message Done  { }
 * </pre>
 *
 * <p>Decoding is strict: exactly one kind per frame; every field has its wire type and appears
 * at most once unless repeated; unknown fields are refused (the protocol is versioned by its ID
 * and Hello.version, not by skipping); version, swarm, author, seq, head and number are
 * required (written even when zero); forked is 0 or 1 and written only when true; authors are
 * canonical base58 peer IDs, unique within a vector; heads are 32 bytes; seq is 1..MAX_SEQ;
 * every count and size is within {@link SyncLimits}. Stateless and thread-safe.
 */
final class SyncCodec {

    static final int FRAME_HELLO = 1;
    static final int FRAME_BATCH = 2;
    static final int FRAME_ACK = 3;
    static final int FRAME_DONE = 4;

    private SyncCodec() {
    }

    /** The whole frame, length prefix included. */
    static byte[] frame(SyncMessage message) {
        byte[] body = encode(message);
        int prefix = CodedOutputStream.computeUInt32SizeNoTag(body.length);
        byte[] out = new byte[prefix + body.length];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            o.writeUInt32NoTag(body.length);
            o.writeRawBytes(body);
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The Frame message (no length prefix). */
    static byte[] encode(SyncMessage message) {
        try {
            if (message instanceof SyncMessage.Hello h) {
                return wrap(FRAME_HELLO, hello(h));
            } else if (message instanceof SyncMessage.Batch b) {
                return wrap(FRAME_BATCH, batch(b));
            } else if (message instanceof SyncMessage.Ack a) {
                return wrap(FRAME_ACK, number(a.number()));
            }
            return wrap(FRAME_DONE, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    private static byte[] wrap(int field, byte[] inner) throws IOException {
        byte[] out = new byte[CodedOutputStream.computeByteArraySize(field, inner)];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        o.writeByteArray(field, inner);
        o.checkNoSpaceLeft();
        return out;
    }

    private static byte[] hello(SyncMessage.Hello h) throws IOException {
        List<byte[]> feeds = new ArrayList<>(h.vector().size());
        int size = CodedOutputStream.computeUInt32Size(1, h.version()) + CodedOutputStream.computeStringSize(2, h.swarm());
        for (SyncMessage.FeedState f : h.vector()) {
            byte[] feed = feed(f);
            feeds.add(feed);
            size += CodedOutputStream.computeByteArraySize(3, feed);
        }
        byte[] out = new byte[size];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        o.writeUInt32(1, h.version());
        o.writeString(2, h.swarm());
        for (byte[] feed : feeds) {
            o.writeByteArray(3, feed);
        }
        o.checkNoSpaceLeft();
        return out;
    }

    private static byte[] feed(SyncMessage.FeedState f) throws IOException {
        byte[] head = f.head().toBytes();
        int size = CodedOutputStream.computeStringSize(1, f.author()) + CodedOutputStream.computeUInt64Size(2, f.seq())
                + CodedOutputStream.computeByteArraySize(3, head) + (f.forked() ? CodedOutputStream.computeBoolSize(4, true) : 0);
        byte[] out = new byte[size];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        o.writeString(1, f.author());
        o.writeUInt64(2, f.seq());
        o.writeByteArray(3, head);
        if (f.forked()) {
            o.writeBool(4, true);
        }
        o.checkNoSpaceLeft();
        return out;
    }

    private static byte[] batch(SyncMessage.Batch b) throws IOException {
        int size = CodedOutputStream.computeUInt64Size(1, b.number());
        for (byte[] r : b.records()) {
            size += CodedOutputStream.computeByteArraySize(2, r);
        }
        byte[] out = new byte[size];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        o.writeUInt64(1, b.number());
        for (byte[] r : b.records()) {
            o.writeByteArray(2, r);
        }
        o.checkNoSpaceLeft();
        return out;
    }

    private static byte[] number(long n) throws IOException {
        byte[] out = new byte[CodedOutputStream.computeUInt64Size(1, n)];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        o.writeUInt64(1, n);
        o.checkNoSpaceLeft();
        return out;
    }

    /**
     * Decodes one Frame body.
     *
     * @throws SyncProtocolException if malformed, truncated, over a limit or not canonical as described above
     */
    static SyncMessage decode(byte[] frame) {
        if (frame.length > SyncLimits.MAX_FRAME_BYTES) {
            throw new SyncProtocolException("frame of " + frame.length + " bytes, limit " + SyncLimits.MAX_FRAME_BYTES);
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(frame);
            int tag = in.readTag();
            if (tag == 0) {
                throw new SyncProtocolException("empty frame");
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if (field < FRAME_HELLO || field > FRAME_DONE) {
                throw new SyncProtocolException("unknown frame kind " + field);
            }
            requireLengthDelimited(tag, "frame kind");
            byte[] inner = in.readByteArray();
            if (in.readTag() != 0) {
                throw new SyncProtocolException("more than one kind in a frame");
            }
            return switch (field) {
                case FRAME_HELLO -> decodeHello(inner);
                case FRAME_BATCH -> decodeBatch(inner);
                case FRAME_ACK -> new SyncMessage.Ack(decodeNumber(inner, "ack"));
                default -> decodeDone(inner);
            };
        } catch (IOException e) {
            throw new SyncProtocolException("malformed frame: " + e.getMessage());
        }
    }

    private static SyncMessage.Hello decodeHello(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        Integer version = null;
        String swarm = null;
        List<SyncMessage.FeedState> vector = new ArrayList<>();
        Set<String> authors = new HashSet<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    requireVarint(tag, "hello.version");
                    once(version, "hello.version");
                    version = in.readUInt32();
                }
                case 2 -> {
                    requireLengthDelimited(tag, "hello.swarm");
                    once(swarm, "hello.swarm");
                    swarm = in.readStringRequireUtf8();
                    if (swarm.isEmpty() || swarm.length() > SyncLimits.MAX_SWARM_CHARS) {
                        throw new SyncProtocolException("hello.swarm of " + swarm.length() + " characters");
                    }
                }
                case 3 -> {
                    requireLengthDelimited(tag, "hello.feeds");
                    if (vector.size() >= SyncLimits.MAX_VECTOR_ENTRIES) {
                        throw new SyncProtocolException("vector over " + SyncLimits.MAX_VECTOR_ENTRIES + " entries");
                    }
                    SyncMessage.FeedState f = decodeFeed(in.readByteArray());
                    if (!authors.add(f.author())) {
                        throw new SyncProtocolException("author twice in a vector");
                    }
                    vector.add(f);
                }
                default -> throw unknown(tag, "hello");
            }
        }
        if (version == null || swarm == null) {
            throw new SyncProtocolException("hello without " + (version == null ? "version" : "swarm"));
        }
        return new SyncMessage.Hello(version, swarm, vector);
    }

    private static SyncMessage.FeedState decodeFeed(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        String author = null;
        Long seq = null;
        RecordId head = null;
        Boolean forked = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    requireLengthDelimited(tag, "feed.author");
                    once(author, "feed.author");
                    author = in.readStringRequireUtf8();
                    if (author.length() > SyncLimits.MAX_AUTHOR_CHARS || !PeerId.isCanonicalBase58(author)) {
                        throw new SyncProtocolException("feed.author is not a canonical peer ID");
                    }
                }
                case 2 -> {
                    requireVarint(tag, "feed.seq");
                    once(seq, "feed.seq");
                    seq = in.readUInt64();
                    if (seq < 1 || seq > Limits.MAX_SEQ) {
                        throw new SyncProtocolException("feed.seq out of range");
                    }
                }
                case 3 -> {
                    requireLengthDelimited(tag, "feed.head");
                    once(head, "feed.head");
                    byte[] h = in.readByteArray();
                    if (h.length != RecordId.BYTES) {
                        throw new SyncProtocolException("feed.head of " + h.length + " bytes");
                    }
                    head = RecordId.fromBytes(h);
                }
                case 4 -> {
                    requireVarint(tag, "feed.forked");
                    once(forked, "feed.forked");
                    if (in.readRawVarint64() != 1) {
                        throw new SyncProtocolException("feed.forked must be absent or 1");
                    }
                    forked = true;
                }
                default -> throw unknown(tag, "feed");
            }
        }
        if (author == null || seq == null || head == null) {
            throw new SyncProtocolException("feed entry without author, seq or head");
        }
        return new SyncMessage.FeedState(author, seq, head, forked != null);
    }

    private static SyncMessage.Batch decodeBatch(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        Long number = null;
        List<byte[]> records = new ArrayList<>();
        long total = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    requireVarint(tag, "batch.number");
                    once(number, "batch.number");
                    number = in.readUInt64();
                    checkNumber(number, "batch.number");
                }
                case 2 -> {
                    requireLengthDelimited(tag, "batch.records");
                    if (records.size() >= SyncLimits.MAX_BATCH_RECORDS) {
                        throw new SyncProtocolException("batch over " + SyncLimits.MAX_BATCH_RECORDS + " records");
                    }
                    byte[] r = in.readByteArray();
                    if (r.length == 0 || r.length > SyncLimits.MAX_RECORD_BYTES) {
                        throw new SyncProtocolException("record of " + r.length + " bytes in a batch");
                    }
                    total += r.length;
                    if (total > SyncLimits.MAX_BATCH_BYTES) {
                        throw new SyncProtocolException("batch over " + SyncLimits.MAX_BATCH_BYTES + " record bytes");
                    }
                    records.add(r);
                }
                default -> throw unknown(tag, "batch");
            }
        }
        if (number == null || records.isEmpty()) {
            throw new SyncProtocolException(number == null ? "batch without number" : "empty batch");
        }
        return new SyncMessage.Batch(number, records);
    }

    private static long decodeNumber(byte[] bytes, String what) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        Long number = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != 1) {
                throw unknown(tag, what);
            }
            requireVarint(tag, what + ".number");
            once(number, what + ".number");
            number = in.readUInt64();
            checkNumber(number, what + ".number");
        }
        if (number == null) {
            throw new SyncProtocolException(what + " without number");
        }
        return number;
    }

    private static SyncMessage.Done decodeDone(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        int tag = in.readTag();
        if (tag != 0) {
            throw unknown(tag, "done");
        }
        return new SyncMessage.Done();
    }

    private static void checkNumber(long n, String what) {
        if (n < 0) {
            throw new SyncProtocolException(what + " out of range");
        }
    }

    private static void once(Object seen, String what) {
        if (seen != null) {
            throw new SyncProtocolException(what + " twice");
        }
    }

    private static void requireVarint(int tag, String what) {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_VARINT) {
            throw new SyncProtocolException(what + " has wire type " + WireFormat.getTagWireType(tag));
        }
    }

    private static void requireLengthDelimited(int tag, String what) {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            throw new SyncProtocolException(what + " has wire type " + WireFormat.getTagWireType(tag));
        }
    }

    private static SyncProtocolException unknown(int tag, String where) {
        return new SyncProtocolException("unknown field " + WireFormat.getTagFieldNumber(tag) + " in " + where);
    }
}
