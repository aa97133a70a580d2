package org.kith.p2p.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.p2p.host.HostConfig;
import org.kith.p2p.host.NettyHost;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.p2p.pubsub.Gossipsub;
import org.kith.p2p.pubsub.GossipsubConfig;
import org.kith.protocol.identity.Ed25519KeyPair;

/**
 * A mixed gossipsub mesh on 127.0.0.1: three Java hosts and three js-libp2p peers in a ring that
 * alternates implementations (J0–S0–J1–S1–J2–S2–J0), so every message crosses from one
 * implementation to the other and is forwarded by both. Each node publishes once; every message
 * reaches all five others, with its signature verified (StrictSign) by each receiver and its
 * {@code from} intact. The same again inside a pnet swarm.
 */
class GossipJsInteropIT {

    private static final String TOPIC = "/kith/interop/records/1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<NettyHost> hosts = new ArrayList<>();
    private final List<Gossipsub> routers = new ArrayList<>();
    private final List<JsPeer> peers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        routers.forEach(Gossipsub::close);
        for (NettyHost h : hosts) {
            h.stop().get(10, TimeUnit.SECONDS);
        }
        peers.forEach(JsPeer::close);
    }

    @Test
    void mixedMeshDeliversEveryMessageToEveryNode() throws Exception {
        mesh(null);
    }

    @Test
    void mixedMeshInsideAPrivateSwarm() throws Exception {
        mesh(SwarmKey.generate(new SecureRandom()));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(25);
        }
    }

    private int jsCount(JsPeer p, String cmd) {
        try {
            return p.command(cmd, Map.of("topic", TOPIC)).strings("peers").size();
        } catch (Exception e) {
            throw new AssertionError(p + " " + cmd + " failed", e);
        }
    }

    private void mesh(SwarmKey key) throws Exception {
        Path keyFile = null;
        if (key != null) {
            keyFile = tmp.resolve("swarm.key");
            Files.write(keyFile, key.toFileBytes());
        }
        Map<String, Set<String>> javaReceived = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            byte[] seed = new byte[32];
            Arrays.fill(seed, (byte) (0x40 + i));
            Ed25519KeyPair identity = Ed25519KeyPair.fromSeed(seed);
            NettyHost h = new NettyHost(HostConfig.of(identity, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), key,
                    "kith-interop"));
            h.start().get(10, TimeUnit.SECONDS);
            hosts.add(h);
            Gossipsub g = Gossipsub.attach(h, identity, GossipsubConfig.defaults());
            routers.add(g);
            Set<String> got = ConcurrentHashMap.newKeySet();
            javaReceived.put(h.peerId().toBase58(), got);
            g.subscribe(TOPIC, m -> got.add(m.from().toBase58() + " " + new String(m.data(), StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 3; i++) {
            JsPeerOptions o = JsPeer.options().listenLoopback().gossip(true).name("js" + i);
            if (keyFile != null) {
                o.swarmKey(keyFile);
            }
            JsPeer p = JsPeer.start(o);
            peers.add(p);
            p.command("subscribe", Map.of("topic", TOPIC));
        }
        // The ring J0–S0–J1–S1–J2–S2–J0: Java dials the js peer after it, js dials the Java host after it.
        for (int i = 0; i < 3; i++) {
            hosts.get(i).dial(Multiaddr.parse(peers.get(i).addr())).get(20, TimeUnit.SECONDS);
            peers.get(i).command("dial", Map.of("addr", hosts.get((i + 1) % 3).listenAddrs().get(0).toString()));
        }
        // Wait for subscriptions and meshes (js drops what is published before it has seen the remote's subscription).
        for (int i = 0; i < 3; i++) {
            Gossipsub g = routers.get(i);
            JsPeer p = peers.get(i);
            await("Java host " + i + " sees both neighbours subscribed and meshed",
                    () -> g.topicPeers(TOPIC).size() == 2 && g.meshPeers(TOPIC).size() == 2);
            await("js peer " + i + " sees both neighbours subscribed and meshed",
                    () -> jsCount(p, "topicPeers") == 2 && jsCount(p, "meshPeers") == 2);
        }

        Set<String> all = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            String text = "hello from java " + i;
            routers.get(i).publish(TOPIC, text.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            all.add(hosts.get(i).peerId().toBase58() + " " + text);
            String jsText = "hello from js " + i;
            peers.get(i).command("publish", Map.of("topic", TOPIC,
                    "data", Base64.getEncoder().encodeToString(jsText.getBytes(StandardCharsets.UTF_8))));
            all.add(peers.get(i).peerId() + " " + jsText);
        }

        for (NettyHost h : hosts) {
            Set<String> expected = new TreeSet<>(all);
            expected.removeIf(s -> s.startsWith(h.peerId().toBase58() + " "));
            Set<String> got = javaReceived.get(h.peerId().toBase58());
            await("Java host " + h.peerId() + " has the five others' messages", () -> got.size() >= 5);
            assertEquals(expected, new TreeSet<>(got));
        }
        for (JsPeer p : peers) {
            Set<String> expected = new TreeSet<>(all);
            expected.removeIf(s -> s.startsWith(p.peerId() + " "));
            Set<String> got = new TreeSet<>();
            for (String e : expected) {
                String data = Base64.getEncoder().encodeToString(e.substring(e.indexOf(' ') + 1)
                        .getBytes(StandardCharsets.UTF_8));
                JsMessage m = p.awaitEvent("gossip:message", msg -> data.equals(msg.str("data")), WAIT);
                got.add(m.str("from") + " " + e.substring(e.indexOf(' ') + 1));
            }
            assertEquals(expected, got, "what js peer " + p + " received, with the publishers' ids");
        }
    }
}
