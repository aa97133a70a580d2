package org.kith.p2p.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.kith.p2p.HostEvent;
import org.kith.p2p.Stream;
import org.kith.p2p.StreamReader;
import org.kith.p2p.identify.IdentifyMessage;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.ping.Ping;
import org.kith.protocol.identity.Ed25519KeyPair;

/**
 * A live peer that answers identify and ping wrongly: the honest host closes the bad stream,
 * records nothing from it, keeps the connection (other protocols still work) and lets no
 * exception escape. The rogue side is a real host whose built-in handlers are replaced.
 */
class MisbehavingPeerIT {

    private static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final List<NettyHost> hosts = new ArrayList<>();

    private NettyHost host(int seed) throws Exception {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) seed);
        NettyHost h = new NettyHost(HostConfig.of(Ed25519KeyPair.fromSeed(s), List.of(LOOPBACK), null, "kith-test/1"));
        h.setProtocolHandler(EchoProtocol.ID, EchoProtocol.server());
        hosts.add(h);
        return h;
    }

    /** One echo round trip on a new stream: the connection still carries other protocols. */
    private static String echo(NettyHost from, NettyHost to, String text) throws Exception {
        Stream s = from.newStream(to.peerId(), List.of(EchoProtocol.ID)).get(10, TimeUnit.SECONDS);
        return new String(EchoProtocol.roundTrip(s, text.getBytes(), 1024).get(10, TimeUnit.SECONDS));
    }

    @AfterEach
    void stop() throws Exception {
        for (NettyHost h : hosts) {
            h.stop().get(10, TimeUnit.SECONDS);
        }
    }

    /** A handler that writes {@code bytes}, half-closes, and reports when the honest side closed the stream. */
    private static final class Answer implements org.kith.p2p.ProtocolHandler {
        final byte[] bytes;
        final CompletableFuture<Void> closedByPeer = new CompletableFuture<>();

        Answer(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void onStream(Stream stream) {
            stream.read(new StreamReader() {
                @Override
                public void onData(Stream s, byte[] data) {
                }

                @Override
                public void onClosed(Stream s) {
                    closedByPeer.complete(null);
                }
            });
            stream.write(bytes).thenCompose(v -> stream.closeWrite());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The honest host dials the rogue one, whose identify answers {@code bytes}. */
    private void identifyAnsweredWith(byte[] bytes) throws Exception {
        NettyHost honest = host(1);
        NettyHost rogue = host(2);
        Answer answer = new Answer(bytes);
        rogue.overrideBuiltInForTest(NettyHost.IDENTIFY, answer);
        honest.start().get(10, TimeUnit.SECONDS);
        rogue.start().get(10, TimeUnit.SECONDS);
        HostEventRecorder events = new HostEventRecorder();
        honest.addListener(events);

        honest.dial(rogue.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        answer.closedByPeer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // The bad identify is finished with: nothing was recorded of it ...
        assertNull(honest.peerInfo(rogue.peerId()));
        assertTrue(events.events().stream().noneMatch(e -> e instanceof HostEvent.Identified), events.events().toString());
        // ... and the connection still carries other protocols.
        assertTrue(honest.connectedPeers().contains(rogue.peerId()));
        assertEquals("still here", echo(honest, rogue, "still here"));
        assertTrue(honest.ping(rogue.peerId()).get(10, TimeUnit.SECONDS) > 0);
    }

    @Test
    void garbageIdentifyIsIgnored() throws Exception {
        identifyAnsweredWith(new byte[] {5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    }

    @Test
    void truncatedIdentifyIsIgnored() throws Exception {
        identifyAnsweredWith(new byte[] {40, 0x0a, 0x03});
    }

    @Test
    void oversizedIdentifyIsIgnored() throws Exception {
        // A length prefix far above the cap, then a little data: the frame decoder refuses at the prefix.
        identifyAnsweredWith(concat(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}, new byte[64]));
    }

    @Test
    void overlongVarintInIdentifyIsIgnored() throws Exception {
        byte[] tenBytes = new byte[10];
        Arrays.fill(tenBytes, (byte) 0x80);
        identifyAnsweredWith(tenBytes);
    }

    @Test
    void identifyWithAFieldOfTheWrongWireTypeIsIgnored() throws Exception {
        // field 5 (protocolVersion) as a varint instead of a length-delimited string
        identifyAnsweredWith(new byte[] {2, 0x28, 0x01});
    }

    @Test
    void tooManyIdentifyMessagesAreRefused() throws Exception {
        byte[] one = new byte[] {2, 0x2a, 0x00}; // an empty agentVersion, valid alone
        byte[] many = new byte[0];
        for (int i = 0; i < IdentifyMessage.MAX_MESSAGES + 5; i++) {
            many = concat(many, one);
        }
        identifyAnsweredWith(many);
    }

    @Test
    void aGarbageIdentifyPushChangesNothing() throws Exception {
        NettyHost honest = host(1);
        NettyHost rogue = host(2);
        honest.start().get(10, TimeUnit.SECONDS);
        rogue.start().get(10, TimeUnit.SECONDS);
        HostEventRecorder events = new HostEventRecorder();
        honest.addListener(events);
        honest.dial(rogue.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        events.await(HostEvent.Identified.class, rogue.peerId(), WAIT);
        var before = honest.peerInfo(rogue.peerId());

        Stream push = rogue.newStream(honest.peerId(), List.of(NettyHost.IDENTIFY_PUSH)).get(10, TimeUnit.SECONDS);
        push.read((s, d) -> { });
        push.write(new byte[] {3, (byte) 0xff, (byte) 0xff, (byte) 0xff}).thenCompose(v -> push.closeWrite());
        push.closeFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertEquals(before, honest.peerInfo(rogue.peerId()));
        assertEquals(1, events.events().stream().filter(e -> e instanceof HostEvent.Identified).count());
        assertTrue(honest.ping(rogue.peerId()).get(10, TimeUnit.SECONDS) > 0);
    }

    private static void assertFailsWith(String fragment, Executable call) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, call);
        String message = String.valueOf(e.getCause());
        assertTrue(message.toLowerCase().contains(fragment), message);
    }

    @Test
    void aPeerThatComesBackReplacesAConnectionThatNoLongerAnswers() throws Exception {
        NettyHost honest = host(1);
        NettyHost ghost = host(2);
        // The old connection is open but dead, as behind a network cut: nothing it is sent is answered.
        ghost.overrideBuiltInForTest(Ping.PROTOCOL_ID, stream -> stream.read((s, data) -> { }));
        honest.start().get(10, TimeUnit.SECONDS);
        ghost.start().get(10, TimeUnit.SECONDS);
        honest.dial(ghost.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        HostEventRecorder ghostEvents = new HostEventRecorder();
        ghost.addListener(ghostEvents);

        NettyHost back = host(2); // the same peer, restarted
        back.start().get(10, TimeUnit.SECONDS);
        HostEventRecorder events = new HostEventRecorder();
        back.addListener(events);
        back.dial(honest.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);

        // The honest host pinged the old connection, got nothing within the liveness check, closed
        // it, and took the new one.
        ghostEvents.await(HostEvent.Disconnected.class, honest.peerId(), WAIT);
        events.await(HostEvent.Identified.class, honest.peerId(), WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean answered = false;
        while (!answered && System.nanoTime() < deadline) {
            // until the honest side has swapped the connections, a ping may still go to the old one
            answered = honest.ping(back.peerId()).handle((rtt, e) -> e == null).get(15, TimeUnit.SECONDS);
        }
        assertTrue(answered, "pings reach the restarted peer");
        assertEquals("via the new connection", echo(honest, back, "via the new connection"));
        assertTrue(back.connectedPeers().contains(honest.peerId()), "the new connection stayed");
    }

    @Test
    void aSecondConnectionFromALivePeerIsClosedAndTheFirstKept() throws Exception {
        NettyHost a = host(1);
        NettyHost b = host(2);
        NettyHost bAgain = host(2); // a second host with b's identity, as a simultaneous dial yields
        a.start().get(10, TimeUnit.SECONDS);
        b.start().get(10, TimeUnit.SECONDS);
        bAgain.start().get(10, TimeUnit.SECONDS);
        b.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        HostEventRecorder again = new HostEventRecorder();
        bAgain.addListener(again);
        bAgain.dial(a.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        again.await(HostEvent.Disconnected.class, a.peerId(), WAIT);
        assertTrue(b.connectedPeers().contains(a.peerId()), "the older, live connection stays");
        assertEquals("first", echo(b, a, "first"));
    }

    @Test
    void aWrongPingAnswerFailsThatPingOnly() throws Exception {
        NettyHost honest = host(1);
        NettyHost rogue = host(2);
        rogue.overrideBuiltInForTest(Ping.PROTOCOL_ID, stream -> stream.read((s, data) -> {
            byte[] wrong = data.clone();
            wrong[0] ^= 1;
            s.write(wrong);
        }));
        honest.start().get(10, TimeUnit.SECONDS);
        rogue.start().get(10, TimeUnit.SECONDS);
        honest.dial(rogue.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);

        assertFailsWith("ping", () -> honest.ping(rogue.peerId()).get(15, TimeUnit.SECONDS));
        assertTrue(honest.connectedPeers().contains(rogue.peerId()));
        assertEquals("ok", echo(honest, rogue, "ok"));
    }

    @Test
    void aPingAnswerThatIsTooLongOrEndsEarlyFails() throws Exception {
        NettyHost honest = host(1);
        NettyHost rogue = host(2);
        rogue.overrideBuiltInForTest(Ping.PROTOCOL_ID, stream -> stream.read((s, data) -> {
            s.write(Arrays.copyOf(data, 7)).thenCompose(v -> s.closeWrite());
        }));
        honest.start().get(10, TimeUnit.SECONDS);
        rogue.start().get(10, TimeUnit.SECONDS);
        honest.dial(rogue.listenAddrs().get(0)).get(10, TimeUnit.SECONDS);
        assertFailsWith("ping", () -> honest.ping(rogue.peerId()).get(15, TimeUnit.SECONDS));
        assertTrue(honest.connectedPeers().contains(rogue.peerId()));
    }
}
