package org.kith.p2p.pubsub;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.kith.p2p.wire.ProtocolException;

/**
 * Encodes and decodes {@link Rpc}s (proto2, hand-written on protobuf-java's coded streams).
 *
 * <p>Decoding is strict and total: a known field with the wrong wire type, a truncated field,
 * invalid UTF-8 in a string field or an end-group tag out of place is a {@link ProtocolException}
 * naming the field; unknown fields (including the extension range 10 and up, and
 * {@code idontwant=5} of v1.2) are skipped, as proto2 readers must. Singular fields: the last one
 * wins; repeated fields accumulate. Size is bounded by the frame cap
 * ({@link GossipsubParams#maxRpcBytes()}), checked before decoding. Stateless and thread-safe.
 */
final class RpcCodec {

    // RPC
    private static final int RPC_SUBSCRIPTIONS = 1;
    private static final int RPC_PUBLISH = 2;
    private static final int RPC_CONTROL = 3;
    // SubOpts
    private static final int SUB_SUBSCRIBE = 1;
    private static final int SUB_TOPIC = 2;
    // Message
    private static final int MSG_FROM = 1;
    private static final int MSG_DATA = 2;
    private static final int MSG_SEQNO = 3;
    private static final int MSG_TOPIC = 4;
    private static final int MSG_SIGNATURE = 5;
    private static final int MSG_KEY = 6;
    // ControlMessage
    private static final int CTL_IHAVE = 1;
    private static final int CTL_IWANT = 2;
    private static final int CTL_GRAFT = 3;
    private static final int CTL_PRUNE = 4;
    // ControlIHave / IWant / Graft / Prune / PeerInfo
    private static final int IHAVE_TOPIC = 1;
    private static final int IHAVE_IDS = 2;
    private static final int IWANT_IDS = 1;
    private static final int GRAFT_TOPIC = 1;
    private static final int PRUNE_TOPIC = 1;
    private static final int PRUNE_PEERS = 2;
    private static final int PRUNE_BACKOFF = 3;
    private static final int PEER_ID = 1;
    private static final int PEER_RECORD = 2;

    private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int VARINT = WireFormat.WIRETYPE_VARINT;

    private RpcCodec() {
    }

    // ---- encoding ------------------------------------------------------------------------

    static byte[] encode(Rpc rpc) {
        return write(out -> {
            for (Rpc.SubOpts s : rpc.subscriptions()) {
                out.writeByteArray(RPC_SUBSCRIPTIONS, encodeSubOpts(s));
            }
            for (Rpc.Message m : rpc.publish()) {
                out.writeByteArray(RPC_PUBLISH, encodeMessage(m));
            }
            if (rpc.control() != null && !rpc.control().isEmpty()) {
                out.writeByteArray(RPC_CONTROL, encodeControl(rpc.control()));
            }
        });
    }

    static byte[] encodeSubOpts(Rpc.SubOpts s) {
        return write(out -> {
            if (s.subscribe() != null) {
                out.writeBool(SUB_SUBSCRIBE, s.subscribe());
            }
            if (s.topic() != null) {
                out.writeString(SUB_TOPIC, s.topic());
            }
        });
    }

    /** The Message protobuf, fields in number order, only those present. */
    static byte[] encodeMessage(Rpc.Message m) {
        return write(out -> {
            if (m.from() != null) {
                out.writeByteArray(MSG_FROM, m.from());
            }
            if (m.data() != null) {
                out.writeByteArray(MSG_DATA, m.data());
            }
            if (m.seqno() != null) {
                out.writeByteArray(MSG_SEQNO, m.seqno());
            }
            if (m.topic() != null) {
                out.writeString(MSG_TOPIC, m.topic());
            }
            if (m.signature() != null) {
                out.writeByteArray(MSG_SIGNATURE, m.signature());
            }
            if (m.key() != null) {
                out.writeByteArray(MSG_KEY, m.key());
            }
        });
    }

    static byte[] encodeControl(Rpc.Control c) {
        return write(out -> {
            for (Rpc.IHave ih : c.ihave()) {
                out.writeByteArray(CTL_IHAVE, write(o -> {
                    if (ih.topic() != null) {
                        o.writeString(IHAVE_TOPIC, ih.topic());
                    }
                    for (byte[] id : ih.messageIds()) {
                        o.writeByteArray(IHAVE_IDS, id);
                    }
                }));
            }
            for (Rpc.IWant iw : c.iwant()) {
                out.writeByteArray(CTL_IWANT, write(o -> {
                    for (byte[] id : iw.messageIds()) {
                        o.writeByteArray(IWANT_IDS, id);
                    }
                }));
            }
            for (Rpc.Graft g : c.graft()) {
                out.writeByteArray(CTL_GRAFT, write(o -> {
                    if (g.topic() != null) {
                        o.writeString(GRAFT_TOPIC, g.topic());
                    }
                }));
            }
            for (Rpc.Prune p : c.prune()) {
                out.writeByteArray(CTL_PRUNE, write(o -> {
                    if (p.topic() != null) {
                        o.writeString(PRUNE_TOPIC, p.topic());
                    }
                    for (Rpc.PeerInfo pi : p.peers()) {
                        o.writeByteArray(PRUNE_PEERS, write(po -> {
                            if (pi.peerId() != null) {
                                po.writeByteArray(PEER_ID, pi.peerId());
                            }
                            if (pi.signedPeerRecord() != null) {
                                po.writeByteArray(PEER_RECORD, pi.signedPeerRecord());
                            }
                        }));
                    }
                    if (p.backoffSeconds() != null) {
                        o.writeUInt64(PRUNE_BACKOFF, p.backoffSeconds());
                    }
                }));
            }
        });
    }

    private interface Body {
        void writeTo(CodedOutputStream out) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            body.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    // ---- decoding ------------------------------------------------------------------------

    /**
     * Decodes one RPC.
     *
     * @throws ProtocolException if malformed; the message names the offending field
     */
    static Rpc decode(byte[] data) {
        List<Rpc.SubOpts> subs = new ArrayList<>();
        List<Rpc.Message> msgs = new ArrayList<>();
        Rpc.Control[] control = {null};
        parse(data, "RPC", (field, wireType, in) -> {
            switch (field) {
                case RPC_SUBSCRIPTIONS -> subs.add(decodeSubOpts(bytes(in, wireType, "RPC.subscriptions")));
                case RPC_PUBLISH -> msgs.add(decodeMessage(bytes(in, wireType, "RPC.publish")));
                case RPC_CONTROL -> control[0] = mergeControl(control[0], bytes(in, wireType, "RPC.control"));
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Rpc(subs, msgs, control[0]);
    }

    static Rpc.SubOpts decodeSubOpts(byte[] data) {
        Boolean[] subscribe = {null};
        String[] topic = {null};
        parse(data, "SubOpts", (field, wireType, in) -> {
            switch (field) {
                case SUB_SUBSCRIBE -> {
                    expect(wireType, VARINT, "SubOpts.subscribe");
                    subscribe[0] = in.readBool();
                }
                case SUB_TOPIC -> topic[0] = string(in, wireType, "SubOpts.topicid");
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Rpc.SubOpts(subscribe[0], topic[0]);
    }

    static Rpc.Message decodeMessage(byte[] data) {
        byte[][] f = new byte[7][];
        String[] topic = {null};
        parse(data, "Message", (field, wireType, in) -> {
            switch (field) {
                case MSG_FROM -> f[MSG_FROM] = bytes(in, wireType, "Message.from");
                case MSG_DATA -> f[MSG_DATA] = bytes(in, wireType, "Message.data");
                case MSG_SEQNO -> f[MSG_SEQNO] = bytes(in, wireType, "Message.seqno");
                case MSG_TOPIC -> topic[0] = string(in, wireType, "Message.topic");
                case MSG_SIGNATURE -> f[MSG_SIGNATURE] = bytes(in, wireType, "Message.signature");
                case MSG_KEY -> f[MSG_KEY] = bytes(in, wireType, "Message.key");
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Rpc.Message(f[MSG_FROM], f[MSG_DATA], f[MSG_SEQNO], topic[0], f[MSG_SIGNATURE], f[MSG_KEY]);
    }

    /** Protobuf merge: a second {@code control} field adds to the first. */
    private static Rpc.Control mergeControl(Rpc.Control earlier, byte[] data) {
        Rpc.ControlBuilder b = new Rpc.ControlBuilder();
        if (earlier != null) {
            b.ihave.addAll(earlier.ihave());
            b.iwant.addAll(earlier.iwant());
            b.graft.addAll(earlier.graft());
            b.prune.addAll(earlier.prune());
        }
        parse(data, "ControlMessage", (field, wireType, in) -> {
            switch (field) {
                case CTL_IHAVE -> b.ihave.add(decodeIHave(bytes(in, wireType, "ControlMessage.ihave")));
                case CTL_IWANT -> b.iwant.add(decodeIWant(bytes(in, wireType, "ControlMessage.iwant")));
                case CTL_GRAFT -> b.graft.add(decodeGraft(bytes(in, wireType, "ControlMessage.graft")));
                case CTL_PRUNE -> b.prune.add(decodePrune(bytes(in, wireType, "ControlMessage.prune")));
                default -> {
                    return false;
                }
            }
            return true;
        });
        return b.build();
    }

    private static Rpc.IHave decodeIHave(byte[] data) {
        String[] topic = {null};
        List<byte[]> ids = new ArrayList<>();
        parse(data, "ControlIHave", (field, wireType, in) -> {
            switch (field) {
                case IHAVE_TOPIC -> topic[0] = string(in, wireType, "ControlIHave.topicID");
                case IHAVE_IDS -> ids.add(bytes(in, wireType, "ControlIHave.messageIDs"));
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Rpc.IHave(topic[0], ids);
    }

    private static Rpc.IWant decodeIWant(byte[] data) {
        List<byte[]> ids = new ArrayList<>();
        parse(data, "ControlIWant", (field, wireType, in) -> {
            if (field != IWANT_IDS) {
                return false;
            }
            ids.add(bytes(in, wireType, "ControlIWant.messageIDs"));
            return true;
        });
        return new Rpc.IWant(ids);
    }

    private static Rpc.Graft decodeGraft(byte[] data) {
        String[] topic = {null};
        parse(data, "ControlGraft", (field, wireType, in) -> {
            if (field != GRAFT_TOPIC) {
                return false;
            }
            topic[0] = string(in, wireType, "ControlGraft.topicID");
            return true;
        });
        return new Rpc.Graft(topic[0]);
    }

    private static Rpc.Prune decodePrune(byte[] data) {
        String[] topic = {null};
        List<Rpc.PeerInfo> peers = new ArrayList<>();
        Long[] backoff = {null};
        parse(data, "ControlPrune", (field, wireType, in) -> {
            switch (field) {
                case PRUNE_TOPIC -> topic[0] = string(in, wireType, "ControlPrune.topicID");
                case PRUNE_PEERS -> peers.add(decodePeerInfo(bytes(in, wireType, "ControlPrune.peers")));
                case PRUNE_BACKOFF -> {
                    expect(wireType, VARINT, "ControlPrune.backoff");
                    backoff[0] = in.readUInt64();
                }
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Rpc.Prune(topic[0], peers, backoff[0]);
    }

    private static Rpc.PeerInfo decodePeerInfo(byte[] data) {
        byte[][] f = new byte[3][];
        parse(data, "PeerInfo", (field, wireType, in) -> {
            switch (field) {
                case PEER_ID -> f[PEER_ID] = bytes(in, wireType, "PeerInfo.peerID");
                case PEER_RECORD -> f[PEER_RECORD] = bytes(in, wireType, "PeerInfo.signedPeerRecord");
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Rpc.PeerInfo(f[PEER_ID], f[PEER_RECORD]);
    }

    private interface FieldReader {
        /** Reads a known field and returns true, or returns false to have it skipped as unknown. */
        boolean read(int field, int wireType, CodedInputStream in) throws IOException;
    }

    private static void parse(byte[] data, String what, FieldReader reader) {
        CodedInputStream in = CodedInputStream.newInstance(data);
        try {
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    return;
                }
                int field = WireFormat.getTagFieldNumber(tag);
                int wireType = WireFormat.getTagWireType(tag);
                if (!reader.read(field, wireType, in)) {
                    if (wireType == WireFormat.WIRETYPE_END_GROUP || !in.skipField(tag)) {
                        throw new ProtocolException(what + ": unexpected end-group tag for field " + field);
                    }
                }
            }
        } catch (IOException e) {
            throw new ProtocolException("malformed " + what + ": " + e.getMessage(), e);
        }
    }

    private static void expect(int wireType, int expected, String field) {
        if (wireType != expected) {
            throw new ProtocolException(field + " has wire type " + wireType + ", expected " + expected);
        }
    }

    private static byte[] bytes(CodedInputStream in, int wireType, String field) throws IOException {
        expect(wireType, LEN, field);
        return in.readByteArray();
    }

    private static String string(CodedInputStream in, int wireType, String field) throws IOException {
        expect(wireType, LEN, field);
        return in.readStringRequireUtf8();
    }
}
