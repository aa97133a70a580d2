package org.kith.p2p.identify;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/**
 * A libp2p peer record (RFC 0003): who a peer is and where it listens, signed inside an
 * {@link Envelope} with domain {@value #DOMAIN} and payload type {@code 03 01}.
 *
 * @param seq strictly increasing per peer (Kith uses the wall clock in milliseconds)
 * @param addresses binary multiaddrs
 */
public record PeerRecord(PeerId peerId, long seq, List<byte[]> addresses) {

    public static final String DOMAIN = "libp2p-peer-record";
    /** The multicodec {@code libp2p-peer-record} (0x0301) as two raw bytes, not a varint. */
    static final byte[] PAYLOAD_TYPE = {0x03, 0x01};
    public static final int MAX_ADDRESSES = 64;

    public PeerRecord {
        addresses = addresses.stream().map(byte[]::clone).toList();
    }

    /** Signs this record as {@code key}, which must be the record's peer. */
    public byte[] seal(Ed25519KeyPair key) {
        if (!key.peerId().equals(peerId)) {
            throw new IllegalArgumentException("a peer record is signed by its own peer");
        }
        return Envelope.seal(key, DOMAIN, PAYLOAD_TYPE, encode()).encode();
    }

    /**
     * Opens a signed peer record, checking the signature and that the signer is the peer.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static PeerRecord open(byte[] envelope) {
        Envelope e = Envelope.open(envelope, DOMAIN, PAYLOAD_TYPE);
        PeerRecord r = decode(e.payload());
        if (!r.peerId.equals(e.publicKey().toPeerId())) {
            throw new IllegalArgumentException("peer record signed by another peer");
        }
        return r;
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeByteArray(1, peerId.toBytes());
            out.writeUInt64(2, seq);
            for (byte[] addr : addresses) {
                ByteArrayOutputStream info = new ByteArrayOutputStream(addr.length + 3);
                CodedOutputStream infoOut = CodedOutputStream.newInstance(info);
                infoOut.writeByteArray(1, addr);
                infoOut.flush();
                out.writeByteArray(3, info.toByteArray());
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static PeerRecord decode(byte[] data) {
        PeerId peer = null;
        long seq = 0;
        List<byte[]> addrs = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(data);
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (tag) {
                    case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> peer = PeerId.fromBytes(in.readByteArray());
                    case (2 << 3) | WireFormat.WIRETYPE_VARINT -> seq = in.readUInt64();
                    case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                        if (addrs.size() >= MAX_ADDRESSES) {
                            throw new IllegalArgumentException("peer record lists over " + MAX_ADDRESSES + " addresses");
                        }
                        CodedInputStream info = CodedInputStream.newInstance(in.readByteArray());
                        for (int t = info.readTag(); t != 0; t = info.readTag()) {
                            if (t == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                                addrs.add(info.readByteArray());
                            } else {
                                info.skipField(t);
                            }
                        }
                    }
                    default -> in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed peer record: " + e.getMessage(), e);
        }
        if (peer == null) {
            throw new IllegalArgumentException("peer record lacks peer_id");
        }
        return new PeerRecord(peer, seq, addrs);
    }
}
