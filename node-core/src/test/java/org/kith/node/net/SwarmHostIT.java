package org.kith.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.KithNode;
import org.kith.node.store.NetworkTables;
import org.kith.node.swarm.Swarms;
import org.kith.node.testing.AdaInvitesBo;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;

/**
 * Swarm hosts on 127.0.0.1 with real stores: a private swarm joined by invite connects by itself,
 * peers are remembered in SQLite and redialed after a restart and after a lost connection, and
 * the swarm's key keeps outsiders out.
 */
class SwarmHostIT {

    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path tmp;
    KithNode ada;
    KithNode bo;
    Swarms adaSwarms;
    Swarms boSwarms;
    NetworkTables.Swarm garden;
    final List<SwarmHost> running = new java.util.ArrayList<>();

    @BeforeEach
    void adaInvitesBo() throws Exception {
        AdaInvitesBo nodes = new AdaInvitesBo(tmp, CLOCK);
        ada = nodes.ada;
        bo = nodes.bo;
        adaSwarms = nodes.adaSwarms;
        boSwarms = nodes.boSwarms;
        garden = nodes.garden;
    }

    @AfterEach
    void stop() {
        running.forEach(h -> h.stop().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join());
        ada.close();
        bo.close();
    }

    private SwarmHost host(KithNode node, Swarms swarms, NetworkTables.Swarm s, int port) throws Exception {
        SwarmHost h = new SwarmHost(new SwarmHost.Config(s.name(), s.swarmId(), swarms.key(s),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port)), true, false, Duration.ofMillis(200),
                Duration.ofSeconds(1)), node.identityKey(), node.store(), CLOCK, "kith/test");
        running.add(h);
        h.start().get(10, TimeUnit.SECONDS);
        return h;
    }

    private NetworkTables.Swarm boGarden() throws Exception {
        return boSwarms.byName("garden");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        org.kith.node.testing.Await.until(what, DEADLINE, condition);
    }

    static <T> T awaitValue(String what, Supplier<T> value, java.util.function.Predicate<T> ok) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        T v = value.get();
        while (!ok.test(v)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what + "; last: " + v);
            }
            Thread.sleep(20);
            v = value.get();
        }
        return v;
    }

    private NetworkTables.Peer remembered(KithNode node, PeerId peer) {
        return node.store().network().peers(garden.swarmId()).stream()
                .filter(p -> p.peerId().equals(peer.toBase58())).findFirst().orElse(null);
    }

    @Test
    void theInviteeConnectsToTheInviterByItselfAndBothRememberEachOther() throws Exception {
        SwarmHost adaHost = host(ada, adaSwarms, garden, garden.port());
        SwarmHost boHost = host(bo, boSwarms, boGarden(), boGarden().port());
        await("Bo's garden host is connected to Ada", () -> boHost.host().connectedPeers().contains(ada.self()));
        await("Ada sees Bo", () -> adaHost.host().connectedPeers().contains(bo.self()));

        NetworkTables.Peer adaAtBo = awaitValue("Bo remembers Ada as connected", () -> remembered(bo, ada.self()),
                p -> p != null && p.lastConnected() != null);
        assertTrue(adaAtBo.addrs().contains("/ip4/127.0.0.1/tcp/" + garden.port()), adaAtBo.toString());
        String boAddr = "/ip4/127.0.0.1/tcp/" + boGarden().port();
        NetworkTables.Peer boAtAda = awaitValue("Ada remembers Bo's listen address from identify",
                () -> remembered(ada, bo.self()), p -> p != null && p.addrs().contains(boAddr));
        assertEquals(0, boAtAda.failures());
    }

    @Test
    void rememberedPeersAreRedialedAfterARestart() throws Exception {
        SwarmHost adaHost = host(ada, adaSwarms, garden, garden.port());
        SwarmHost boHost = host(bo, boSwarms, boGarden(), boGarden().port());
        await("connected", () -> boHost.host().connectedPeers().contains(ada.self()));
        String boAddr = "/ip4/127.0.0.1/tcp/" + boGarden().port();
        awaitValue("Ada remembers Bo's address", () -> remembered(ada, bo.self()),
                p -> p != null && p.addrs().contains(boAddr));
        adaHost.stop().get(10, TimeUnit.SECONDS);
        boHost.stop().get(10, TimeUnit.SECONDS);

        // Bo first, then Ada: this time Ada dials, from what her store remembers of Bo.
        SwarmHost bo2 = host(bo, boSwarms, boGarden(), boGarden().port());
        SwarmHost ada2 = host(ada, adaSwarms, garden, garden.port());
        await("Ada redialed Bo", () -> ada2.host().connectedPeers().contains(bo.self()));
        await("Bo sees Ada", () -> bo2.host().connectedPeers().contains(ada.self()));
    }

    @Test
    void aLostPeerIsRedialedWithBackoffUntilItIsBack() throws Exception {
        SwarmHost adaHost = host(ada, adaSwarms, garden, garden.port());
        SwarmHost boHost = host(bo, boSwarms, boGarden(), boGarden().port());
        await("connected", () -> boHost.host().connectedPeers().contains(ada.self()));

        adaHost.stop().get(10, TimeUnit.SECONDS);
        await("Bo lost Ada", () -> !boHost.host().connectedPeers().contains(ada.self()));
        awaitValue("Bo counted failed redials", () -> remembered(bo, ada.self()), p -> p.failures() >= 2);

        SwarmHost ada2 = host(ada, adaSwarms, garden, garden.port());
        await("Bo's redial found Ada again", () -> boHost.host().connectedPeers().contains(ada.self()));
        awaitValue("failures forgotten on connect", () -> remembered(bo, ada.self()), p -> p.failures() == 0);
        assertTrue(ada2.host().connectedPeers().contains(bo.self()));
    }

    @Test
    void theSwarmKeyKeepsOutsidersOut() throws Exception {
        host(ada, adaSwarms, garden, garden.port());
        NetworkTables.Swarm pub = boSwarms.byName("public");
        SwarmHost outsider = new SwarmHost(new SwarmHost.Config("public", pub.swarmId(), null,
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), false, false, Duration.ofMillis(200), Duration.ofSeconds(1)),
                bo.identityKey(), bo.store(), CLOCK, "kith/test");
        running.add(outsider);
        outsider.start().get(10, TimeUnit.SECONDS);
        Multiaddr adaAddr = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + garden.port()).withPeerId(ada.self());
        assertThrows(ExecutionException.class, () -> outsider.dial(adaAddr).get(15, TimeUnit.SECONDS));
        assertTrue(outsider.host().connectedPeers().isEmpty());
    }
}
