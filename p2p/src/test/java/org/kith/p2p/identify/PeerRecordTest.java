package org.kith.p2p.identify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.protocol.identity.Ed25519KeyPair;

class PeerRecordTest {

    private static final byte[] ADDR = HexFormat.of().parseHex("047f0000010604d2");

    private static Ed25519KeyPair key(int b) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) b);
        return Ed25519KeyPair.fromSeed(seed);
    }

    @Test
    void sealedRecordOpensToTheSameContent() {
        Ed25519KeyPair alice = key(1);
        PeerRecord record = new PeerRecord(alice.peerId(), 1_700_000_000_000L, List.of(ADDR));
        PeerRecord opened = PeerRecord.open(record.seal(alice));
        assertEquals(alice.peerId(), opened.peerId());
        assertEquals(1_700_000_000_000L, opened.seq());
        assertArrayEquals(ADDR, opened.addresses().get(0));
    }

    @Test
    void signingInputIsLengthPrefixedDomainTypeAndPayload() {
        byte[] input = Envelope.signingInput("ab", new byte[] {3, 1}, new byte[] {7});
        assertEquals("026162" + "020301" + "0107", HexFormat.of().formatHex(input));
    }

    @Test
    void anyBitFlippedBreaksTheEnvelope() {
        Ed25519KeyPair alice = key(1);
        byte[] sealed = new PeerRecord(alice.peerId(), 5, List.of(ADDR)).seal(alice);
        int refused = 0;
        for (int i = 0; i < sealed.length; i++) {
            byte[] copy = sealed.clone();
            copy[i] ^= 0x01;
            try {
                PeerRecord.open(copy);
            } catch (IllegalArgumentException expected) {
                refused++;
            }
        }
        assertEquals(sealed.length, refused);
    }

    @Test
    void recordOfAnotherPeerIsRefused() {
        Ed25519KeyPair alice = key(1);
        Ed25519KeyPair mallory = key(2);
        PeerRecord claim = new PeerRecord(alice.peerId(), 5, List.of(ADDR));
        assertThrows(IllegalArgumentException.class, () -> claim.seal(mallory));
        byte[] forged = Envelope.seal(mallory, PeerRecord.DOMAIN, PeerRecord.PAYLOAD_TYPE, claim.encode()).encode();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerRecord.open(forged));
        assertTrue(e.getMessage().contains("another peer"), e.getMessage());
    }

    @Test
    void envelopeForAnotherDomainOrTypeIsRefused() {
        Ed25519KeyPair alice = key(1);
        byte[] payload = new PeerRecord(alice.peerId(), 1, List.of()).encode();
        byte[] otherDomain = Envelope.seal(alice, "some-other-domain", PeerRecord.PAYLOAD_TYPE, payload).encode();
        assertThrows(IllegalArgumentException.class, () -> PeerRecord.open(otherDomain));
        byte[] otherType = Envelope.seal(alice, PeerRecord.DOMAIN, new byte[] {3, 2}, payload).encode();
        assertThrows(IllegalArgumentException.class, () -> PeerRecord.open(otherType));
    }

    @Test
    void garbageAndOversizedEnvelopesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PeerRecord.open(new byte[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> PeerRecord.open(new byte[Envelope.MAX_BYTES + 1]));
        assertThrows(IllegalArgumentException.class, () -> PeerRecord.open(new byte[0]));
    }
}
