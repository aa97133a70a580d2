package org.kith.p2p.host;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.p2p.Stream;
import org.kith.p2p.StreamReader;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/** How a {@link ChannelStream} hands inbound buffers to its {@link StreamReader}. */
class ChannelStreamTest {

    private static final PeerId PEER = Ed25519KeyPair.fromSeed(new byte[32]).peerId();

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ChannelStream stream = new ChannelStream(channel, PEER, "/test/1");

    ChannelStreamTest() {
        channel.pipeline().addLast(stream);
    }

    /** Overrides both methods: records what the ByteBuffer path saw, fails if the copy path runs. */
    private static final class BufferReader implements StreamReader {
        final List<String> calls = new ArrayList<>();
        final List<Boolean> readOnly = new ArrayList<>();
        final List<ByteBuffer> views = new ArrayList<>();

        @Override
        public void onData(Stream s, byte[] data) {
            throw new AssertionError("the array method must not be called when the buffer one is overridden");
        }

        @Override
        public void onData(Stream s, ByteBuffer data) {
            readOnly.add(data.isReadOnly());
            views.add(data);
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            calls.add(new String(copy, US_ASCII));
        }
    }

    /** Implements only the array method, as every reader written before the buffer method did. */
    private static final class ArrayReader implements StreamReader {
        final List<byte[]> arrays = new ArrayList<>();

        @Override
        public void onData(Stream s, byte[] data) {
            arrays.add(data);
        }

        String all() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            arrays.forEach(out::writeBytes);
            return out.toString(US_ASCII);
        }
    }

    private void read(StreamReader reader) {
        stream.read(reader);
        channel.runPendingTasks();
    }

    @Test
    void aBufferReaderGetsAReadOnlyViewOfTheReceivedBytesAndTheBufferIsReleasedAfterTheCall() {
        BufferReader reader = new BufferReader();
        read(reader);
        ByteBuf in = Unpooled.copiedBuffer("hello", US_ASCII);
        channel.writeInbound(in);
        assertEquals(List.of("hello"), reader.calls);
        assertEquals(List.of(true), reader.readOnly);
        assertEquals(0, in.refCnt());
        assertFalse(channel.finish());
    }

    @Test
    void theViewSharesTheTransportsMemoryRatherThanACopy() {
        BufferReader reader = new BufferReader();
        read(reader);
        byte[] backing = "shared".getBytes(US_ASCII);
        ByteBuf in = Unpooled.wrappedBuffer(backing);
        in.retain(); // keep it alive past the call to look behind the view
        channel.writeInbound(in);
        backing[0] = 'S';
        ByteBuffer view = reader.views.get(0);
        view.rewind();
        assertEquals('S', view.get(), "the view reads the received memory itself");
        assertTrue(in.release());
    }

    @Test
    void aCompositeBufferArrivesAsOneCallPerComponentInOrder() {
        BufferReader reader = new BufferReader();
        read(reader);
        CompositeByteBuf in = Unpooled.compositeBuffer();
        in.addComponents(true, Unpooled.copiedBuffer("one ", US_ASCII), Unpooled.copiedBuffer("two ", US_ASCII),
                Unpooled.directBuffer().writeBytes("three".getBytes(US_ASCII)));
        channel.writeInbound(in);
        assertEquals(List.of("one ", "two ", "three"), reader.calls);
        assertEquals(List.of(true, true, true), reader.readOnly);
        assertEquals(0, in.refCnt());
        assertFalse(channel.finish());
    }

    @Test
    void aReaderWithOnlyTheArrayMethodGetsEveryByteInArraysOfItsOwn() {
        ArrayReader reader = new ArrayReader();
        read(reader);
        byte[] backing = "first".getBytes(US_ASCII);
        channel.writeInbound(Unpooled.wrappedBuffer(backing));
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponents(true, Unpooled.copiedBuffer(" second", US_ASCII),
                Unpooled.copiedBuffer(" third", US_ASCII));
        channel.writeInbound(composite);
        Arrays.fill(backing, (byte) 'x');
        assertEquals("first second third", reader.all(), "the arrays are copies: later changes do not show");
        assertEquals(0, composite.refCnt());
        assertFalse(channel.finish());
    }

    @Test
    void dataThatArrivesBeforeReadIsCopiedReleasedAndDeliveredInOrderOnRead() {
        ByteBuf first = Unpooled.copiedBuffer("early ", US_ASCII);
        ByteBuf second = Unpooled.copiedBuffer("bird", US_ASCII);
        channel.writeInbound(first);
        channel.writeInbound(second);
        assertEquals(0, first.refCnt(), "no transport buffer is held while nobody reads");
        assertEquals(0, second.refCnt());
        BufferReader reader = new BufferReader();
        read(reader);
        channel.writeInbound(Unpooled.copiedBuffer(" sings", US_ASCII));
        assertEquals(List.of("early ", "bird", " sings"), reader.calls);
        assertEquals(List.of(true, true, true), reader.readOnly);
        assertFalse(channel.finish());
    }

    @Test
    void theDefaultBufferMethodCopiesOnlyTheRemainingBytes() {
        ArrayReader reader = new ArrayReader();
        ByteBuffer data = ByteBuffer.wrap("skip-keep-".getBytes(US_ASCII), 5, 4).asReadOnlyBuffer();
        reader.onData(stream, data);
        assertEquals("keep", reader.all());
        assertFalse(data.hasRemaining());
    }
}
