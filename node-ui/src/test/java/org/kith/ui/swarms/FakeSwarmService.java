package org.kith.ui.swarms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.kith.node.KithException;
import org.kith.node.swarm.SwarmNames;

/** An in-memory {@link SwarmService}: the public swarm plus what the test creates or joins. */
final class FakeSwarmService implements SwarmService {

    final List<SwarmInfo> swarms = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** What invite() returns. */
    volatile String inviteText = QrCodesTest.inviteLike(640, 7);

    FakeSwarmService() {
        swarms.add(new SwarmInfo("public", "public", true, true, List.of("/ip4/127.0.0.1/tcp/4001"), List.of(), 0,
                SyncInfo.NONE, null));
    }

    static SwarmInfo privateSwarm(String name, List<PeerInfo> peers, SyncInfo sync) {
        return new SwarmInfo(name, "id-" + name, false, true, List.of("/ip4/127.0.0.1/tcp/4100"), peers,
                (int) peers.stream().filter(PeerInfo::connected).count(), sync, null);
    }

    @Override
    public CompletableFuture<List<SwarmInfo>> swarms() {
        return CompletableFuture.supplyAsync(() -> new ArrayList<>(swarms));
    }

    @Override
    public CompletableFuture<String> create(String name) {
        calls.add("create " + name);
        return CompletableFuture.supplyAsync(() -> {
            String problem = SwarmNames.problem(name);
            if (problem == null && swarms.stream().anyMatch(s -> s.name().equals(name))) {
                problem = "a swarm named \"" + name + "\" already exists here; choose another name";
            }
            if (problem != null) {
                throw new java.util.concurrent.CompletionException(new KithException(problem));
            }
            swarms.add(privateSwarm(name, List.of(), SyncInfo.NONE));
            return name;
        });
    }

    @Override
    public CompletableFuture<String> invite(String name, Duration validity) {
        calls.add("invite " + name + " " + validity);
        return CompletableFuture.completedFuture(inviteText);
    }

    @Override
    public CompletableFuture<String> join(String inviteText, String localName) {
        calls.add("join " + inviteText.replaceAll("\\s+", "") + " as " + localName);
        return CompletableFuture.supplyAsync(() -> {
            if (!inviteText.replaceAll("\\s+", "").startsWith("kith-invite:v1:")) {
                throw new java.util.concurrent.CompletionException(new KithException(
                        "this is not a Kith invite (it should start with kith-invite:v1:)"));
            }
            String name = localName == null || localName.isBlank() ? "orchard" : localName;
            swarms.add(privateSwarm(name, List.of(new PeerInfo("12D3KooWInviter", "Ada", false, null, 0)),
                    SyncInfo.NONE));
            return name;
        });
    }

    @Override
    public CompletableFuture<Void> leave(String name) {
        calls.add("leave " + name);
        swarms.removeIf(s -> s.name().equals(name));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Replaces the swarm {@code name} and tells the listeners (as a host event would). */
    void update(SwarmInfo s) {
        swarms.replaceAll(x -> x.name().equals(s.name()) ? s : x);
        listeners.forEach(Runnable::run);
    }
}
