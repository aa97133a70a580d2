package org.kith.ui.swarms;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the Swarms screen needs of the node: its joined swarms with their network state, and the
 * swarm operations. Every method returns at once; the work runs off the FX thread and the future
 * completes on a node thread (the controller moves results onto the FX thread). A failed future
 * carries an exception whose message is meant for the user (an invalid invite, a taken name).
 */
public interface SwarmService {

    /** A peer met in a swarm: connected now, or remembered from an earlier connection or an invite. */
    record PeerInfo(String peerId, String name, boolean connected, Long lastConnectedMillis, int dialFailures) {
    }

    /**
     * Catch-up sync in a swarm: sessions running now and the records they brought so far; and
     * of the last finished session per peer, the records stored.
     */
    record SyncInfo(int running, long receivedSoFar, int finished, long acceptedLast) {
        public static final SyncInfo NONE = new SyncInfo(0, 0, 0, 0);

        public boolean inProgress() {
            return running > 0;
        }
    }

    /** A joined swarm and its host's state ({@code running} false: no host, e.g. offline). */
    record SwarmInfo(String name, String swarmId, boolean isPublic, boolean running, List<String> listenAddrs,
            List<PeerInfo> peers, int meshSize, SyncInfo sync, String invitedBy) {

        public SwarmInfo {
            listenAddrs = List.copyOf(listenAddrs);
            peers = List.copyOf(peers);
        }

        public long connectedPeers() {
            return peers.stream().filter(PeerInfo::connected).count();
        }
    }

    /** The joined swarms, the public one first. */
    CompletableFuture<List<SwarmInfo>> swarms();

    /** Creates a private swarm and starts its host; completes with its name. */
    CompletableFuture<String> create(String name);

    /** A signed invite into the private swarm {@code name}, valid for {@code validity}. */
    CompletableFuture<String> invite(String name, Duration validity);

    /**
     * Joins by invite (whitespace in {@code inviteText} ignored) under the invite's name or
     * {@code localName} if not blank; starts the host, which dials the invite's peers. Completes
     * with the swarm's local name.
     */
    CompletableFuture<String> join(String inviteText, String localName);

    /** Stops the host of the private swarm {@code name} and leaves it (its records stay). */
    CompletableFuture<Void> leave(String name);

    /** Calls {@code listener} (on any thread) when connections change. */
    void onChange(Runnable listener);
}
