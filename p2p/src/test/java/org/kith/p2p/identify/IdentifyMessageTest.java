package org.kith.p2p.identify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdentifyMessageTest {

    private static final byte[] ADDR = HexFormat.of().parseHex("047f0000010604d2"); // /ip4/127.0.0.1/tcp/1234
    private static final byte[] KEY = HexFormat.of().parseHex(
            "0801122003a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8");

    private static IdentifyMessage full() {
        return new IdentifyMessage(KEY, List.of(ADDR), List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"), ADDR,
                "ipfs/0.1.0", "kith/0.1.0", new byte[] {1, 2, 3});
    }

    @Test
    void roundTripsEveryField() {
        IdentifyMessage m = full();
        assertEquals(m, IdentifyMessage.decode(m.encode()));
    }

    @Test
    void encodesFieldsWithTheSpecNumbers() {
        byte[] bytes = new IdentifyMessage(null, List.of(), List.of("/a"), null, null, "x", null).encode();
        // field 3 (protocols) "/a", field 6 (agentVersion) "x"
        assertEquals("1a022f61" + "320178", HexFormat.of().formatHex(bytes));
    }

    @Test
    void absentFieldsStayAbsent() {
        IdentifyMessage m = IdentifyMessage.decode(new byte[0]);
        assertNull(m.publicKey());
        assertNull(m.agentVersion());
        assertEquals(List.of(), m.protocols());
    }

    @Test
    void unknownFieldsAreIgnored() {
        byte[] known = new IdentifyMessage(null, List.of(), List.of("/a"), null, null, null, null).encode();
        byte[] withUnknown = new byte[known.length + 3];
        System.arraycopy(known, 0, withUnknown, 0, known.length);
        withUnknown[known.length] = (byte) 0x78; // field 15, varint
        withUnknown[known.length + 1] = (byte) 0x96;
        withUnknown[known.length + 2] = 0x01;
        assertEquals(List.of("/a"), IdentifyMessage.decode(withUnknown).protocols());
    }

    @Test
    void mergesSeveralMessagesAsGoSendsThem() {
        byte[] first = new IdentifyMessage(KEY, List.of(ADDR), List.of("/a"), null, "ipfs/0.1.0", "go", null).encode();
        byte[] second = new IdentifyMessage(null, List.of(), List.of("/b"), null, null, null, new byte[] {9}).encode();
        IdentifyMessage merged = IdentifyMessage.decodeAll(List.of(first, second));
        assertEquals(List.of("/a", "/b"), merged.protocols());
        assertArrayEquals(new byte[] {9}, merged.signedPeerRecord());
        assertEquals("go", merged.agentVersion());
    }

    @Test
    void refusesOversizedMessagesAndTooManyOfThem() {
        assertThrows(IllegalArgumentException.class,
                () -> IdentifyMessage.decode(new byte[IdentifyMessage.MAX_MESSAGE_BYTES + 1]));
        List<byte[]> eleven = new ArrayList<>(Collections.nCopies(IdentifyMessage.MAX_MESSAGES + 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> IdentifyMessage.decodeAll(eleven));
        assertEquals(List.of(), IdentifyMessage.decodeAll(eleven.subList(0, IdentifyMessage.MAX_MESSAGES)).protocols());
    }

    @Test
    void refusesTooManyProtocolsAndWrongWireTypes() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= IdentifyMessage.MAX_PROTOCOLS; i++) {
            many.add("/p" + i);
        }
        byte[] tooMany = new IdentifyMessage(null, List.of(), many, null, null, null, null).encode();
        assertThrows(IllegalArgumentException.class, () -> IdentifyMessage.decode(tooMany));
        assertThrows(IllegalArgumentException.class, () -> IdentifyMessage.decode(new byte[] {0x18, 0x01}));
    }

    @Test
    void truncatedInputIsRefusedAtEveryLength() {
        byte[] bytes = full().encode();
        for (int len = 1; len < bytes.length; len++) {
            byte[] prefix = java.util.Arrays.copyOf(bytes, len);
            try {
                IdentifyMessage.decode(prefix);
            } catch (IllegalArgumentException expected) {
                continue;
            }
            // A prefix can end exactly at a field boundary: then it is a valid, shorter message.
            assertEquals(prefix.length, IdentifyMessage.decode(prefix).encode().length);
        }
    }

    @Test
    void randomBytesNeverThrowAnythingButIllegalArgument() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            try {
                IdentifyMessage.decode(junk);
            } catch (IllegalArgumentException expected) {
                // the only allowed failure
            }
        }
        assertEquals(0, IdentifyMessage.decode(new byte[0]).listenAddrs().size());
    }
}
