package org.kith.p2p.pubsub;

import java.util.Arrays;
import java.util.Objects;
import org.kith.protocol.identity.PeerId;

/**
 * A pubsub message as the application sees it: signed by {@code from} (StrictSign), with its
 * sequence number, topic and message ID. Immutable; arrays are copied in and out.
 *
 * @param from the author (the signer), not the peer that forwarded it
 * @param data the payload
 * @param seqno the author's 64-bit sequence number (big-endian on the wire)
 * @param topic the topic
 * @param id the message ID from the configured {@link GossipsubConfig#messageIdFn()}; {@code null}
 *     only in the instance handed to that function to compute it
 * @param receivedFrom the peer that delivered it to us (ourselves for our own messages)
 */
public record PubsubMessage(PeerId from, byte[] data, long seqno, String topic, byte[] id, PeerId receivedFrom) {

    public PubsubMessage {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(topic, "topic");
        data = data.clone();
        id = id == null ? null : id.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public byte[] id() {
        return id == null ? null : id.clone();
    }

    PubsubMessage withId(byte[] newId) {
        return new PubsubMessage(from, data, seqno, topic, newId, receivedFrom);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PubsubMessage m && from.equals(m.from) && Arrays.equals(data, m.data) && seqno == m.seqno
                && topic.equals(m.topic) && Arrays.equals(id, m.id) && Objects.equals(receivedFrom, m.receivedFrom);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, seqno, topic) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PubsubMessage[from=" + from + ", seqno=" + Long.toUnsignedString(seqno) + ", topic=" + topic + ", "
                + data.length + " B]";
    }
}
