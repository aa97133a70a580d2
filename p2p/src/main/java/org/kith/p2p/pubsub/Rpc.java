package org.kith.p2p.pubsub;

import java.util.ArrayList;
import java.util.List;

/**
 * One pubsub RPC as it travels on the wire (libp2p pubsub spec, {@code rpc.proto}; checklist §9).
 * Immutable value; {@link RpcCodec} encodes and decodes it. Absent optional fields are
 * {@code null}, which the codec keeps distinct from present-but-empty (the signature covers
 * exactly the fields that were present).
 */
record Rpc(List<SubOpts> subscriptions, List<Message> publish, Control control) {

    static final Rpc EMPTY = new Rpc(List.of(), List.of(), null);

    Rpc {
        subscriptions = List.copyOf(subscriptions);
        publish = List.copyOf(publish);
    }

    static Rpc ofControl(Control control) {
        return new Rpc(List.of(), List.of(), control);
    }

    static Rpc ofMessages(List<Message> messages) {
        return new Rpc(List.of(), messages, null);
    }

    boolean isEmpty() {
        return subscriptions.isEmpty() && publish.isEmpty() && (control == null || control.isEmpty());
    }

    /** {@code SubOpts{subscribe=1, topicid=2}}; either may be absent on the wire. */
    record SubOpts(Boolean subscribe, String topic) {
    }

    /**
     * {@code Message{from=1, data=2, seqno=3, topic=4, signature=5, key=6}}. {@code from} holds
     * the raw peer-ID multihash (bytes, not a string); {@code seqno} is, when well formed, 8
     * big-endian bytes.
     */
    record Message(byte[] from, byte[] data, byte[] seqno, String topic, byte[] signature, byte[] key) {

        Message withoutAuth() {
            return new Message(from, data, seqno, topic, null, null);
        }

        Message withAuth(byte[] newSignature, byte[] newKey) {
            return new Message(from, data, seqno, topic, newSignature, newKey);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Message m && java.util.Arrays.equals(from, m.from)
                    && java.util.Arrays.equals(data, m.data) && java.util.Arrays.equals(seqno, m.seqno)
                    && java.util.Objects.equals(topic, m.topic) && java.util.Arrays.equals(signature, m.signature)
                    && java.util.Arrays.equals(key, m.key);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data) * 31 + java.util.Objects.hashCode(topic);
        }

        @Override
        public String toString() {
            return "Message[topic=" + topic + ", data=" + (data == null ? "absent" : data.length + " B") + "]";
        }
    }

    /** {@code ControlMessage{ihave=1, iwant=2, graft=3, prune=4, idontwant=5}}; IDONTWANT is skipped. */
    record Control(List<IHave> ihave, List<IWant> iwant, List<Graft> graft, List<Prune> prune) {

        Control {
            ihave = List.copyOf(ihave);
            iwant = List.copyOf(iwant);
            graft = List.copyOf(graft);
            prune = List.copyOf(prune);
        }

        boolean isEmpty() {
            return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty();
        }
    }

    /** {@code ControlIHave{topicID=1, messageIDs=2}}; IDs are bytes (go fills its strings with binary). */
    record IHave(String topic, List<byte[]> messageIds) {
    }

    /** {@code ControlIWant{messageIDs=1}}. */
    record IWant(List<byte[]> messageIds) {
    }

    /** {@code ControlGraft{topicID=1}}. */
    record Graft(String topic) {
    }

    /** {@code ControlPrune{topicID=1, peers=2, backoff=3}}; {@code backoffSeconds} null when absent. */
    record Prune(String topic, List<PeerInfo> peers, Long backoffSeconds) {
        Prune {
            peers = List.copyOf(peers);
        }
    }

    /** {@code PeerInfo{peerID=1, signedPeerRecord=2}}: a peer-exchange entry; both optional. */
    record PeerInfo(byte[] peerId, byte[] signedPeerRecord) {
    }

    /** Accumulates control entries for one peer until they are flushed as one RPC. */
    static final class ControlBuilder {
        final List<IHave> ihave = new ArrayList<>();
        final List<IWant> iwant = new ArrayList<>();
        final List<Graft> graft = new ArrayList<>();
        final List<Prune> prune = new ArrayList<>();

        boolean isEmpty() {
            return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty();
        }

        Control build() {
            return new Control(ihave, iwant, graft, prune);
        }
    }
}
