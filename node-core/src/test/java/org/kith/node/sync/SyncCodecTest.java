package org.kith.node.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kith.protocol.record.RecordId;

class SyncCodecTest {

    static final SyncFeed FEED = new SyncFeed("codec", "public");
    static final String AUTHOR = FEED.author().toBase58();
    static final RecordId HEAD = RecordId.ofPayload(new byte[] {1, 2, 3});

    static SyncMessage.Hello hello(int entries) {
        List<SyncMessage.FeedState> v = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            v.add(new SyncMessage.FeedState(new SyncFeed("codec-" + i, "public").author().toBase58(), i + 1,
                    RecordId.ofPayload(new byte[] {(byte) i}), i % 2 == 0));
        }
        return new SyncMessage.Hello(1, "public", v);
    }

    static SyncMessage.Batch batch() {
        return new SyncMessage.Batch(7, FEED.fork("b").next(3));
    }

    static List<SyncMessage> samples() {
        return List.of(hello(0), hello(3), batch(), new SyncMessage.Ack(0), new SyncMessage.Ack(1L << 40),
                new SyncMessage.Done());
    }

    @Test
    void everyMessageRoundTrips() {
        for (SyncMessage m : samples()) {
            SyncMessage back = SyncCodec.decode(SyncCodec.encode(m));
            if (m instanceof SyncMessage.Batch b) {
                SyncMessage.Batch bb = assertInstanceOf(SyncMessage.Batch.class, back);
                assertEquals(b.number(), bb.number());
                assertEquals(b.records().size(), bb.records().size());
                for (int i = 0; i < b.records().size(); i++) {
                    assertArrayEquals(b.records().get(i), bb.records().get(i));
                }
            } else {
                assertEquals(m, back);
            }
        }
    }

    @Test
    void everyTruncationIsRefused() {
        for (SyncMessage m : samples()) {
            byte[] body = SyncCodec.encode(m);
            for (int n = 0; n < body.length; n++) {
                byte[] cut = Arrays.copyOf(body, n);
                assertThrows(SyncProtocolException.class, () -> SyncCodec.decode(cut), m + " cut at " + n);
            }
        }
    }

    @Test
    void randomMutationsNeverThrowAnythingElse() {
        Random random = new Random(42);
        for (SyncMessage m : samples()) {
            byte[] body = SyncCodec.encode(m);
            for (int i = 0; i < 2_000; i++) {
                byte[] mutated = body.clone();
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                try {
                    SyncCodec.decode(mutated);
                } catch (SyncProtocolException expected) {
                    // refused cleanly
                }
            }
        }
    }

    @Test
    void helloAtVectorLimitFitsAFrameAndOneMoreIsRefused() {
        SyncMessage.Hello full = hello(SyncLimits.MAX_VECTOR_ENTRIES);
        byte[] body = SyncCodec.encode(full);
        assertTrue(body.length <= SyncLimits.MAX_FRAME_BYTES, body.length + " bytes");
        assertEquals(SyncLimits.MAX_VECTOR_ENTRIES, ((SyncMessage.Hello) SyncCodec.decode(body)).vector().size());
        byte[] over = frame(SyncCodec.FRAME_HELLO, concat(Arrays.copyOfRange(body, headerLength(body), body.length),
                field(3, feed(new SyncFeed("one-more", "public").author().toBase58(), 1, HEAD.toBytes(), 0))));
        assertRefused(over, "vector over");
    }

    @Test
    void batchLimits() {
        byte[] record = new byte[SyncLimits.MAX_RECORD_BYTES];
        record[0] = 1;
        byte[] exact = SyncCodec.encode(new SyncMessage.Batch(0, List.of(record, record, record)));
        assertEquals(3, ((SyncMessage.Batch) SyncCodec.decode(exact)).records().size());
        assertRefused(SyncCodec.encode(new SyncMessage.Batch(0, List.of(new byte[SyncLimits.MAX_RECORD_BYTES + 1]))),
                "record of");
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i <= SyncLimits.MAX_BATCH_RECORDS; i++) {
            many.add(new byte[] {1});
        }
        assertRefused(SyncCodec.encode(new SyncMessage.Batch(0, many)), "records");
        List<byte[]> big = new ArrayList<>();
        for (int i = 0; i < SyncLimits.MAX_BATCH_BYTES / SyncLimits.MAX_RECORD_BYTES + 1; i++) {
            big.add(record);
        }
        assertRefused(SyncCodec.encode(new SyncMessage.Batch(0, big)), "record bytes");
        assertRefused(SyncCodec.encode(new SyncMessage.Batch(0, List.of())), "empty batch");
        assertRefused(frame(SyncCodec.FRAME_BATCH, field(2, new byte[0])), "record of 0");
    }

    @Test
    void badFieldsAreRefused() {
        byte[] goodFeed = feed(AUTHOR, 3, HEAD.toBytes(), 1);
        byte[] helloHead = concat(varintField(1, 1), field(2, "public".getBytes()));
        assertEquals(1, ((SyncMessage.Hello) SyncCodec.decode(frame(1, concat(helloHead, field(3, goodFeed)))))
                .vector().size());
        assertRefused(new byte[0], "empty frame");
        assertRefused(frame(5, new byte[0]), "unknown frame kind");
        assertRefused(concat(frame(3, varintField(1, 1)), frame(4, new byte[0])), "more than one kind");
        assertRefused(varintField(3, 1), "wire type");
        assertRefused(frame(1, field(2, "public".getBytes())), "without version");
        assertRefused(frame(1, varintField(1, 1)), "without swarm");
        assertRefused(frame(1, concat(helloHead, varintField(1, 1))), "version twice");
        assertRefused(frame(1, concat(helloHead, field(9, new byte[0]))), "unknown field 9");
        assertRefused(frame(1, concat(varintField(1, 1), field(2, new byte[] {(byte) 0xC0, (byte) 0x80}))), "malformed");
        assertRefused(frame(1, concat(varintField(1, 1), field(2, new byte[0]))), "hello.swarm");
        assertRefused(frame(1, concat(helloHead, field(3, goodFeed), field(3, goodFeed))), "author twice");
        assertRefused(frame(1, concat(helloHead, field(3, feed("not-a-peer-id", 3, HEAD.toBytes(), 0)))), "author");
        assertRefused(frame(1, concat(helloHead, field(3, feed(AUTHOR, 0, HEAD.toBytes(), 0)))), "seq");
        assertRefused(frame(1, concat(helloHead, field(3, feed(AUTHOR, 3, new byte[31], 0)))), "head of 31");
        assertRefused(frame(1, concat(helloHead, field(3, feed(AUTHOR, 3, HEAD.toBytes(), 2)))), "forked");
        assertRefused(frame(1, concat(helloHead, field(3, concat(goodFeed, varintField(2, 4))))), "seq twice");
        assertRefused(frame(1, concat(helloHead, field(3, field(1, AUTHOR.getBytes())))), "without author, seq or head");
        assertRefused(frame(3, new byte[0]), "without number");
        assertRefused(frame(3, concat(varintField(1, 1), varintField(1, 2))), "twice");
        assertRefused(frame(3, field(1, new byte[0])), "wire type");
        assertRefused(frame(4, varintField(1, 1)), "unknown field");
        assertRefused(frame(2, field(2, new byte[] {1})), "without number");
    }

    @Test
    void framesSplitAtAnyByteAndTwoInOneChunk() {
        List<byte[]> frames = new ArrayList<>();
        for (SyncMessage m : samples()) {
            frames.add(SyncCodec.frame(m));
        }
        byte[] all = concat(frames.toArray(new byte[0][]));
        List<SyncMessage> got = new ArrayList<>();
        SyncFrameReader reader = new SyncFrameReader(b -> got.add(SyncCodec.decode(b)));
        for (byte b : all) {
            reader.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        assertEquals(samples().size(), got.size());
        assertTrue(reader.atBoundary());
        got.clear();
        reader.feed(ByteBuffer.wrap(all));
        assertEquals(samples().size(), got.size());
    }

    @Test
    void frameLengthExactlyMaxIsAcceptedAndOneMoreRefusedFromThePrefix() {
        List<byte[]> got = new ArrayList<>();
        SyncFrameReader reader = new SyncFrameReader(got::add);
        reader.feed(ByteBuffer.wrap(varint(SyncLimits.MAX_FRAME_BYTES)));
        reader.feed(ByteBuffer.wrap(new byte[SyncLimits.MAX_FRAME_BYTES]));
        assertEquals(1, got.size());
        SyncFrameReader fresh = new SyncFrameReader(got::add);
        SyncProtocolException e = assertThrows(SyncProtocolException.class,
                () -> fresh.feed(ByteBuffer.wrap(varint(SyncLimits.MAX_FRAME_BYTES + 1))));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        assertThrows(SyncProtocolException.class, () -> new SyncFrameReader(got::add)
                .feed(ByteBuffer.wrap(new byte[] {(byte) 0x81, 0x00})));
        assertThrows(SyncProtocolException.class, () -> new SyncFrameReader(got::add)
                .feed(ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80})));
        assertThrows(SyncProtocolException.class, () -> SyncCodec.decode(new byte[SyncLimits.MAX_FRAME_BYTES + 1]));
    }

    // --- hand-made protobuf

    static void assertRefused(byte[] body, String reasonPart) {
        SyncProtocolException e = assertThrows(SyncProtocolException.class, () -> SyncCodec.decode(body));
        assertTrue(e.getMessage().contains(reasonPart), "'" + e.getMessage() + "' lacks '" + reasonPart + "'");
    }

    static int headerLength(byte[] frameBody) {
        int n = 1;
        while ((frameBody[n] & 0x80) != 0) {
            n++;
        }
        return n + 1;
    }

    static byte[] feed(String author, long seq, byte[] head, int forked) {
        byte[] f = concat(field(1, author.getBytes()), varintField(2, seq), field(3, head));
        return forked == 0 ? f : concat(f, varintField(4, forked));
    }

    static byte[] frame(int kind, byte[] inner) {
        return field(kind, inner);
    }

    static byte[] field(int number, byte[] value) {
        return write(o -> o.writeByteArray(number, value));
    }

    static byte[] varintField(int number, long value) {
        return write(o -> o.writeUInt64(number, value));
    }

    static byte[] varint(long value) {
        return write(o -> o.writeUInt64NoTag(value));
    }

    interface Writer {
        void write(CodedOutputStream o) throws IOException;
    }

    static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(bytes);
        try {
            w.write(o);
            o.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
