package org.kith.p2p.pubsub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kith.protocol.identity.PeerId;

/**
 * The message cache (gossipsub v1.0 §"Message cache"): the last {@code length} heartbeat windows of
 * messages, served to IWANT; the IDs of the newest {@code gossip} windows are advertised in IHAVE.
 * Each message is served to one peer at most {@code retransmission} times. Message IDs are keys
 * from {@link Ids#key}. Not thread-safe; owned by the router.
 */
final class MessageCache {

    private record Entry(Rpc.Message message, String topic, Map<PeerId, Integer> served) {
    }

    private final int gossipWindows;
    private final int retransmission;
    private final Map<String, Entry> messages = new HashMap<>();
    private final Deque<List<String>> windows = new ArrayDeque<>();

    MessageCache(int length, int gossipWindows, int retransmission) {
        this.gossipWindows = gossipWindows;
        this.retransmission = retransmission;
        for (int i = 0; i < length; i++) {
            windows.addLast(new ArrayList<>());
        }
    }

    void put(String id, Rpc.Message message, String topic) {
        if (messages.putIfAbsent(id, new Entry(message, topic, new HashMap<>())) == null) {
            windows.peekFirst().add(id);
        }
    }

    boolean contains(String id) {
        return messages.containsKey(id);
    }

    /** The message for an IWANT from {@code peer}, or null if unknown or already served too often. */
    Rpc.Message serve(String id, PeerId peer) {
        Entry e = messages.get(id);
        if (e == null) {
            return null;
        }
        int n = e.served.merge(peer, 1, Integer::sum);
        return n > retransmission ? null : e.message;
    }

    /** IDs of {@code topic} in the newest gossip windows, newest first. */
    List<String> gossipIds(String topic) {
        List<String> ids = new ArrayList<>();
        int w = 0;
        for (List<String> window : windows) {
            if (w++ >= gossipWindows) {
                break;
            }
            for (String id : window) {
                Entry e = messages.get(id);
                if (e != null && e.topic.equals(topic)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** Starts a new window and forgets the oldest. */
    void shift() {
        List<String> oldest = windows.pollLast();
        for (String id : oldest) {
            messages.remove(id);
        }
        windows.addFirst(new ArrayList<>());
    }

    int size() {
        return messages.size();
    }
}
