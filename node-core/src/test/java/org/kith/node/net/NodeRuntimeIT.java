package org.kith.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.KithNode;
import org.kith.node.store.NetworkTables;
import org.kith.node.swarm.Swarms;
import org.kith.node.testing.AdaInvitesBo;
import org.kith.node.testing.Await;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordId;

/**
 * {@link NodeRuntime}, the network of a node inside the desktop app, with two real nodes on
 * 127.0.0.1 in a private swarm: starting connects them through the invite's address, a record Ada
 * publishes reaches Bo, a swarm created while running gets its host at once, a left swarm's host
 * stops, a host that cannot start is not kept, and close is idempotent.
 */
class NodeRuntimeIT {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path tmp;
    KithNode ada;
    KithNode bo;
    Swarms adaSwarms;
    Swarms boSwarms;
    NetworkTables.Swarm garden;
    NodeRuntime adaNet;
    NodeRuntime boNet;

    @BeforeEach
    void adaInvitesBoIntoGarden() throws Exception {
        AdaInvitesBo nodes = new AdaInvitesBo(tmp, CLOCK);
        ada = nodes.ada;
        bo = nodes.bo;
        adaSwarms = nodes.adaSwarms;
        boSwarms = nodes.boSwarms;
        garden = nodes.garden;
        adaNet = new NodeRuntime(ada, adaSwarms, CLOCK, "kith/test", "127.0.0.1", false);
        boNet = new NodeRuntime(bo, boSwarms, CLOCK, "kith/test", "127.0.0.1", false);
    }

    @AfterEach
    void close() {
        adaNet.close();
        boNet.close();
        ada.close();
        bo.close();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, DEADLINE, condition);
    }

    static Proposal proposal(String title) {
        return new Proposal(ProposalKind.PROJECT, title, "Raised beds for the street", null, List.of(), null,
                List.of(), ProposalStatus.OPEN, null);
    }

    private SwarmHost host(NodeRuntime rt, NetworkTables.Swarm s) {
        return rt.host(s.swarmId()).orElseThrow(() -> new AssertionError("no host for " + s.name()));
    }

    static boolean listensOn(SwarmHost h, int port) {
        return h.listenAddrs().stream().map(Multiaddr::withoutPeerId)
                .anyMatch(a -> a.equals(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port)));
    }

    @Test
    void startingConnectsThroughTheInviteAndAdasNewRecordReachesBo() throws Exception {
        adaNet.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        boNet.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(2, adaNet.hosts().size(), "the public swarm and garden");
        assertEquals(2, boNet.hosts().size());
        SwarmHost adaGarden = host(adaNet, garden);
        await("Bo dialed Ada from the invite", () -> host(boNet, garden).host().connectedPeers().contains(ada.self()));
        await("Ada knows Bo reads garden's topic", () -> adaGarden.gossip().topicPeers(adaGarden.topic())
                .contains(bo.self()));

        RecordId id = ada.propose(proposal("Garden beds"), "garden");
        await("Bo has Ada's proposal", () -> bo.store().record(id).isPresent());
        assertEquals(garden.swarmId(), bo.store().record(id).orElseThrow().payload().swarm());
    }

    @Test
    void aSwarmCreatedWhileRunningGetsItsHostAtOnceAndOnlyOne() throws Exception {
        adaNet.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        NetworkTables.Swarm orchard = adaSwarms.create("orchard");
        adaNet.startHost(orchard).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        SwarmHost h = host(adaNet, orchard);
        assertTrue(listensOn(h, orchard.port()), h.listenAddrs().toString());
        adaNet.startHost(orchard).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertSame(h, host(adaNet, orchard), "starting again keeps the running host");
        assertEquals(3, adaNet.hosts().size());
    }

    @Test
    void stopHostStopsTheSwarmsHostAndFreesItsPort() throws Exception {
        adaNet.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        adaNet.stopHost(garden.swarmId()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertTrue(adaNet.host(garden.swarmId()).isEmpty());
        assertEquals(1, adaNet.hosts().size());
        try (ServerSocket s = new ServerSocket(garden.port(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(garden.port(), s.getLocalPort(), "the port is free again");
        }
        adaNet.stopHost("no-such-swarm").get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        // A record of a swarm without a host goes nowhere now (catch-up carries it later), without failing.
        ada.propose(proposal("Later"), "garden");
    }

    @Test
    void aHostThatCannotStartIsNotKeptSoItCanBeStartedLater() throws Exception {
        ExecutionException failed;
        try (ServerSocket taken = new ServerSocket(garden.port(), 1, InetAddress.getByName("127.0.0.1"))) {
            failed = assertThrows(ExecutionException.class,
                    () -> adaNet.startHost(garden).get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        }
        assertTrue(failed.getCause().getMessage() != null, failed.toString());
        assertTrue(adaNet.host(garden.swarmId()).isEmpty(), "the failed host is not kept");
        adaNet.startHost(garden).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertTrue(listensOn(host(adaNet, garden), garden.port()));
    }

    @Test
    void closeIsIdempotentAndRefusesNewHosts() throws Exception {
        adaNet.start().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        adaNet.close();
        adaNet.close();
        assertTrue(adaNet.hosts().isEmpty());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> adaNet.startHost(garden).get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        ada.propose(proposal("After close"), "garden");
        try (ServerSocket s = new ServerSocket(garden.port(), 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(garden.port(), s.getLocalPort(), "closed hosts free their ports");
        }
    }
}
