package org.kith.p2p.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code NoiseExtensions} message of the libp2p Noise spec ("Noise Extensions"), proto2:
 *
 * <pre>
 * message NoiseExtensions {
 *     repeated bytes webtransport_certhashes = 1;
 *     repeated string stream_muxers = 2;
 * }
 * </pre>
 *
 * Hand-written on protobuf-java's coded streams. Decoding ignores unknown fields (as proto2
 * does), treats a known field number with the wrong wire type as unknown (as protobuf-java
 * does), and bounds every list and entry before allocating.
 *
 * @param webtransportCerthashes multihashes of WebTransport certificates (unused over TCP)
 * @param streamMuxers muxer protocol IDs in preference order
 */
record NoiseExtensions(List<ByteString> webtransportCerthashes, List<String> streamMuxers) {

    static final int FIELD_WEBTRANSPORT_CERTHASHES = 1;
    static final int FIELD_STREAM_MUXERS = 2;
    /** go-libp2p accepts at most 100 muxers; the same bound applies to certificate hashes. */
    static final int MAX_ENTRIES = 100;
    /** multistream-select's limit on a protocol ID, applied to each muxer name. */
    static final int MAX_STREAM_MUXER_BYTES = 1024;
    static final int MAX_CERTHASH_BYTES = 1024;

    private static final int TAG_CERTHASH =
            NoiseHandshakePayload.tag(FIELD_WEBTRANSPORT_CERTHASHES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TAG_MUXER =
            NoiseHandshakePayload.tag(FIELD_STREAM_MUXERS, WireFormat.WIRETYPE_LENGTH_DELIMITED);

    NoiseExtensions {
        webtransportCerthashes = List.copyOf(webtransportCerthashes);
        streamMuxers = List.copyOf(streamMuxers);
    }

    /** Extensions that only list stream muxers. */
    static NoiseExtensions ofMuxers(List<String> muxers) {
        return new NoiseExtensions(List.of(), muxers);
    }

    int serializedSize() {
        int size = 0;
        for (ByteString hash : webtransportCerthashes) {
            size += CodedOutputStream.computeBytesSize(FIELD_WEBTRANSPORT_CERTHASHES, hash);
        }
        for (String muxer : streamMuxers) {
            size += CodedOutputStream.computeStringSize(FIELD_STREAM_MUXERS, muxer);
        }
        return size;
    }

    /** Writes the fields in field-number order. */
    void writeTo(CodedOutputStream out) throws IOException {
        for (ByteString hash : webtransportCerthashes) {
            out.writeBytes(FIELD_WEBTRANSPORT_CERTHASHES, hash);
        }
        for (String muxer : streamMuxers) {
            out.writeString(FIELD_STREAM_MUXERS, muxer);
        }
    }

    /** Accumulates repeated fields across several occurrences (proto merge semantics). */
    static final class Accumulator {
        private final List<ByteString> certhashes = new ArrayList<>();
        private final List<String> muxers = new ArrayList<>();

        /**
         * Merges one serialized NoiseExtensions into this accumulator.
         *
         * @throws NoiseException {@code MALFORMED_PAYLOAD} on bad wire format or a broken limit
         */
        void merge(byte[] bytes) throws NoiseException {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            try {
                while (true) {
                    int tag = in.readTag();
                    if (tag == 0) {
                        return;
                    } else if (tag == TAG_CERTHASH) {
                        if (certhashes.size() == MAX_ENTRIES) {
                            throw NoiseHandshakePayload.malformed("more than " + MAX_ENTRIES + " webtransport_certhashes");
                        }
                        certhashes.add(ByteString.copyFrom(
                                NoiseHandshakePayload.readBounded(in, MAX_CERTHASH_BYTES, "webtransport_certhashes")));
                    } else if (tag == TAG_MUXER) {
                        if (muxers.size() == MAX_ENTRIES) {
                            throw NoiseHandshakePayload.malformed("more than " + MAX_ENTRIES + " stream_muxers");
                        }
                        // proto2 strings are not UTF-8-checked by go or js; malformed sequences
                        // become U+FFFD here and so can never match a muxer we offer.
                        muxers.add(ByteString.copyFrom(
                                NoiseHandshakePayload.readBounded(in, MAX_STREAM_MUXER_BYTES, "stream_muxers"))
                                .toStringUtf8());
                    } else {
                        NoiseHandshakePayload.skipUnknown(in, tag);
                    }
                }
            } catch (NoiseException e) {
                throw e;
            } catch (IOException e) {
                throw NoiseHandshakePayload.malformed("NoiseExtensions: " + e.getMessage());
            }
        }

        NoiseExtensions build() {
            return new NoiseExtensions(certhashes, muxers);
        }
    }
}
