package org.kith.ui.swarms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.kith.node.KithNode;
import org.kith.node.net.NodeRuntime;
import org.kith.node.net.SwarmHost;
import org.kith.node.store.NetworkTables;
import org.kith.node.swarm.Invite;
import org.kith.node.sync.SyncResult;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;
import org.kith.ui.app.NodeSession;

/**
 * {@link SwarmService} over a running {@link NodeSession}: the store's swarms and remembered peers
 * read on the session's background thread, the hosts' state from its {@link NodeRuntime}.
 */
public final class SessionSwarmService implements SwarmService {

    private final NodeSession session;

    public SessionSwarmService(NodeSession session) {
        this.session = session;
    }

    @Override
    public CompletableFuture<List<SwarmInfo>> swarms() {
        return session.call(node -> {
            List<SwarmInfo> out = new ArrayList<>();
            for (NetworkTables.Swarm s : session.swarms().list()) {
                out.add(info(node, s, session.runtime().flatMap(rt -> rt.host(s.swarmId()))));
            }
            return out;
        });
    }

    private static SwarmInfo info(KithNode node, NetworkTables.Swarm s, Optional<SwarmHost> host) {
        Set<PeerId> connected = host.map(h -> h.host().connectedPeers()).orElse(Set.of());
        Map<String, PeerInfo> peers = new LinkedHashMap<>();
        // Connected first (a new connection may not be written to the store yet), then remembered.
        for (PeerId p : connected) {
            String id = p.toBase58();
            peers.put(id, new PeerInfo(id, name(node, id), true, null, 0));
        }
        for (NetworkTables.Peer p : node.store().network().peers(s.swarmId())) {
            PeerInfo seen = peers.get(p.peerId());
            peers.put(p.peerId(), new PeerInfo(p.peerId(), seen != null ? seen.name() : name(node, p.peerId()),
                    seen != null, p.lastConnected(), seen != null ? 0 : p.failures()));
        }
        List<String> listen = host.map(h -> h.listenAddrs().stream().map(Multiaddr::toString).toList()).orElse(List.of());
        int mesh = host.map(h -> h.gossip().meshPeers(h.topic()).size()).orElse(0);
        SyncInfo sync = host.map(SessionSwarmService::sync).orElse(SyncInfo.NONE);
        return new SwarmInfo(s.name(), s.swarmId(), s.keySealed() == null, host.isPresent(), listen,
                List.copyOf(peers.values()), mesh, sync, s.invitedBy());
    }

    private static SyncInfo sync(SwarmHost h) {
        Map<PeerId, SyncResult> running = h.syncInProgress();
        Map<PeerId, SyncResult> last = h.lastSync();
        return new SyncInfo(running.size(), running.values().stream().mapToLong(SyncResult::recordsReceived).sum(),
                last.size(), last.values().stream().mapToLong(SyncResult::recordsAccepted).sum());
    }

    private static String name(KithNode node, String peerId) {
        return node.queries().person(peerId).map(p -> p.name()).orElse(null);
    }

    @Override
    public CompletableFuture<String> create(String name) {
        return session.call(node -> session.swarms().create(name == null ? "" : name.strip()))
                .thenCompose(s -> started(s, "created"));
    }

    @Override
    public CompletableFuture<String> invite(String name, Duration validity) {
        return session.call(node -> session.swarms().invite(name, validity, bootstrap(node, name)));
    }

    /**
     * Addresses for an invite: the swarm host's listen addresses with the peer ID, loopback ones
     * only when there is nothing else (a loopback host, as in tests); none when offline, and the
     * node then picks this machine's interface addresses at the swarm's port.
     */
    private List<Multiaddr> bootstrap(KithNode node, String name) throws Exception {
        String id = session.swarms().byName(name).swarmId();
        List<Multiaddr> listen = session.runtime().flatMap(rt -> rt.host(id)).map(SwarmHost::listenAddrs)
                .orElse(List.of());
        List<Multiaddr> external = new ArrayList<>();
        List<Multiaddr> loopback = new ArrayList<>();
        for (Multiaddr a : listen) {
            if (a.toInetSocketAddress().filter(sa -> sa.getPort() != 0).isEmpty()) {
                continue;
            }
            (a.isLoopback() ? loopback : external).add(a.withoutPeerId().withPeerId(node.self()));
        }
        List<Multiaddr> out = external.isEmpty() ? loopback : external;
        return out.size() > Invite.MAX_BOOTSTRAP ? List.copyOf(out.subList(0, Invite.MAX_BOOTSTRAP)) : out;
    }

    @Override
    public CompletableFuture<String> join(String inviteText, String localName) {
        String as = localName == null || localName.isBlank() ? null : localName.strip();
        return session.call(node -> session.swarms().join(inviteText, as))
                .thenCompose(j -> started(j.swarm(), "joined"));
    }

    @Override
    public CompletableFuture<Void> leave(String name) {
        return session.call(node -> session.swarms().byName(name))
                .thenCompose(s -> session.runtime().map(rt -> rt.stopHost(s.swarmId()))
                        .orElse(CompletableFuture.completedFuture(null))
                        .orTimeout(NodeRuntime.START_STOP_SECONDS, TimeUnit.SECONDS))
                .thenCompose(v -> session.call(node -> session.swarms().leave(name)))
                .thenApply(s -> null);
    }

    /** Starts the swarm's host; a failure says the swarm itself was kept. */
    private CompletableFuture<String> started(NetworkTables.Swarm s, String done) {
        return startHost(s).handle((v, e) -> {
            if (e != null) {
                throw new java.util.concurrent.CompletionException(new org.kith.node.KithException(done + " \""
                        + s.name() + "\", but its network did not start: " + org.kith.ui.fx.Fx.message(e)));
            }
            return s.name();
        });
    }

    private CompletableFuture<Void> startHost(NetworkTables.Swarm s) {
        return session.runtime().map(rt -> rt.startHost(s)).orElse(CompletableFuture.completedFuture(null));
    }

    @Override
    public void onChange(Runnable listener) {
        session.onHostEvent((swarm, e) -> listener.run());
    }
}
