package org.kith.p2p.noise;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kith.p2p.noise.NoiseTestSupport.HEX;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written protobuf codecs: exact encoding, proto2 decoding rules, limits. */
class NoiseHandshakePayloadTest {

    private static final byte[] KEY = HEX.parseHex("08011220" + "11".repeat(32));
    private static final byte[] SIG = HEX.parseHex("22".repeat(64));

    private static String hex(String ascii) {
        return HEX.formatHex(ascii.getBytes(UTF_8));
    }

    @Test
    void encodesFieldsOneTwoFourInOrderWithMinimalLengths() {
        byte[] encoded = NoiseTestSupport.payload(KEY, SIG, List.of("/yamux/1.0.0"));
        String expected = "0a24" + HEX.formatHex(KEY)
                + "1240" + HEX.formatHex(SIG)
                + "22" + "0e" + "12" + "0c" + hex("/yamux/1.0.0");
        assertEquals(expected, HEX.formatHex(encoded));
    }

    @Test
    void omitsExtensionsWhenAbsent() {
        assertEquals("0a24" + HEX.formatHex(KEY) + "1240" + HEX.formatHex(SIG),
                HEX.formatHex(NoiseTestSupport.payload(KEY, SIG, null)));
    }

    @Test
    void encodesCerthashesBeforeMuxersAndRoundTrips() throws Exception {
        NoiseExtensions ext = new NoiseExtensions(List.of(ByteString.copyFrom(new byte[] {1, 2})),
                List.of("/yamux/1.0.0", "/mplex/6.7.0"));
        NoiseHandshakePayload payload = new NoiseHandshakePayload(
                ByteString.copyFrom(KEY), ByteString.copyFrom(SIG), ext);
        byte[] encoded = payload.toByteArray();
        String extHex = "0a020102" + "120c" + hex("/yamux/1.0.0") + "120c" + hex("/mplex/6.7.0");
        assertEquals("22" + String.format("%02x", extHex.length() / 2) + extHex,
                HEX.formatHex(encoded).substring(2 * (2 + 36 + 2 + 64)));
        assertEquals(payload, NoiseHandshakePayload.parse(encoded));
    }

    @Test
    void skipsUnknownFieldsOfEveryWireTypeIncludingTheLegacyDataField() throws Exception {
        String unknown = "1a03616263" // field 3 (legacy data), bytes "abc"
                + "289601" // field 5, varint 150
                + "310102030405060708" // field 6, fixed64
                + "3d01020304" // field 7, fixed32
                + "43" + "0801" + "44" // field 8, a group holding field 1 varint 1
                + "f8ffffff0f01"; // field 536870911 (the largest), varint 1
        String extension = "22" + "13" + "120c" + hex("/yamux/1.0.0") + "2801" + "1a0161";
        byte[] bytes = HEX.parseHex(unknown + "0a24" + HEX.formatHex(KEY) + unknown + "1240" + HEX.formatHex(SIG)
                + extension);
        NoiseHandshakePayload p = NoiseHandshakePayload.parse(bytes);
        assertArrayEquals(KEY, p.identityKey().toByteArray());
        assertArrayEquals(SIG, p.identitySig().toByteArray());
        assertEquals(List.of("/yamux/1.0.0"), p.extensions().streamMuxers());
    }

    @Test
    void aKnownFieldNumberWithTheWrongWireTypeIsSkippedLikeProtobufJava() throws Exception {
        NoiseHandshakePayload p = NoiseHandshakePayload.parse(HEX.parseHex("0801" + "1540414243" + "2005"));
        assertNull(p.identityKey());
        assertNull(p.identitySig());
        assertNull(p.extensions());
    }

    @Test
    void theLastValueOfASingularFieldWinsAndRepeatedExtensionsMerge() throws Exception {
        byte[] bytes = HEX.parseHex("0a0101" + "0a0102" + "220e120c" + hex("/yamux/1.0.0")
                + "220e120c" + hex("/mplex/6.7.0") + "2204" + "0a020304");
        NoiseHandshakePayload p = NoiseHandshakePayload.parse(bytes);
        assertArrayEquals(new byte[] {2}, p.identityKey().toByteArray());
        assertEquals(List.of("/yamux/1.0.0", "/mplex/6.7.0"), p.extensions().streamMuxers());
        assertEquals(List.of(ByteString.copyFrom(new byte[] {3, 4})), p.extensions().webtransportCerthashes());
    }

    @Test
    void anEmptyMessageHasNoFields() throws Exception {
        NoiseHandshakePayload p = NoiseHandshakePayload.parse(new byte[0]);
        assertNull(p.identityKey());
        assertNull(p.identitySig());
        assertNull(p.extensions());
        NoiseHandshakePayload emptyExt = NoiseHandshakePayload.parse(HEX.parseHex("2200"));
        assertEquals(List.of(), emptyExt.extensions().streamMuxers());
    }

    @Test
    void acceptsExactlyOneHundredMuxersAndRefusesOneMore() throws Exception {
        List<String> hundred = new ArrayList<>(Collections.nCopies(100, "/m"));
        assertEquals(100, NoiseHandshakePayload.parse(NoiseTestSupport.payload(KEY, SIG, hundred))
                .extensions().streamMuxers().size());
        hundred.add("/m");
        NoiseException e = assertThrows(NoiseException.class,
                () -> NoiseHandshakePayload.parse(NoiseTestSupport.payload(KEY, SIG, hundred)));
        assertEquals(NoiseException.Reason.MALFORMED_PAYLOAD, e.reason());
    }

    @Test
    void acceptsAMuxerNameOfTheMaximumLengthAndRefusesOneByteMore() throws Exception {
        String max = "/" + "a".repeat(NoiseExtensions.MAX_STREAM_MUXER_BYTES - 1);
        assertEquals(max, NoiseHandshakePayload.parse(NoiseTestSupport.payload(KEY, SIG, List.of(max)))
                .extensions().streamMuxers().get(0));
        NoiseException e = assertThrows(NoiseException.class,
                () -> NoiseHandshakePayload.parse(NoiseTestSupport.payload(KEY, SIG, List.of(max + "a"))));
        assertEquals(NoiseException.Reason.MALFORMED_PAYLOAD, e.reason());
    }

    @Test
    void refusesAnIdentityKeyOrSignatureOverItsLimit() {
        byte[] bigKey = new byte[NoiseHandshakePayload.MAX_IDENTITY_KEY_BYTES + 1];
        assertEquals(NoiseException.Reason.MALFORMED_PAYLOAD, assertThrows(NoiseException.class,
                () -> NoiseHandshakePayload.parse(NoiseTestSupport.payload(bigKey, SIG, null))).reason());
        byte[] bigSig = new byte[NoiseHandshakePayload.MAX_IDENTITY_SIG_BYTES + 1];
        assertEquals(NoiseException.Reason.MALFORMED_PAYLOAD, assertThrows(NoiseException.class,
                () -> NoiseHandshakePayload.parse(NoiseTestSupport.payload(KEY, bigSig, null))).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0a", // tag without its length
        "0a05010203", // length beyond the end
        "0affffffff0f", // length 2^32-1
        "0affffffffffffffffffff01", // 10-byte varint length
        "00", // field number 0
        "44", // stray end-group tag
        "43", // group never closed
        "0b0a0101", // group start for field 1 never closed
        "22050a0301", // extension whose certhash runs past the extension's end
        "2203120501", // muxer length beyond the extension
        "2201ff", // extension holding a bare 0xff tag
        "ffffffffffffffffffff01", // tag varint too long
        "2d010203", // fixed32 field cut short
    })
    void refusesBrokenWireFormat(String hex) {
        NoiseException e = assertThrows(NoiseException.class, () -> NoiseHandshakePayload.parse(HEX.parseHex(hex)));
        assertEquals(NoiseException.Reason.MALFORMED_PAYLOAD, e.reason(), hex);
    }

    @Test
    void invalidUtf8InAMuxerNameDecodesToReplacementCharactersThatMatchNothing() throws Exception {
        NoiseHandshakePayload p = NoiseHandshakePayload.parse(HEX.parseHex("2203" + "1201ff"));
        assertEquals(List.of("\ufffd"), p.extensions().streamMuxers());
        assertNull(Libp2pHandshake.chooseMuxer(List.of(NoiseTestSupport.YAMUX), p.extensions().streamMuxers()));
    }
}
