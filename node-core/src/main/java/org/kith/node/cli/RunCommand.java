package org.kith.node.cli;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.p2p.HostEvent;
import org.kith.p2p.host.HostConfig;
import org.kith.p2p.host.NettyHost;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.InvalidSwarmKeyException;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.SwarmId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run a headless node: listen, dial, stay connected until stopped (SIGTERM or"
        + " Ctrl-C). Prints one JSON line when listening, then one per connection event; logs go to stderr.")
final class RunCommand extends BaseCommand {

    static final String DEFAULT_LISTEN = "/ip4/0.0.0.0/tcp/4001";
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--listen", paramLabel = "MULTIADDR", description = "Address to listen on (default: "
            + DEFAULT_LISTEN + "); repeat for more.")
    List<String> listen = new ArrayList<>();

    @Option(names = "--dial", paramLabel = "MULTIADDR", description = "Peer to connect to at start; repeat for more.")
    List<String> dial = new ArrayList<>();

    @Option(names = "--swarm-key", paramLabel = "FILE", description = "Join the private network of this swarm.key.")
    Path swarmKeyFile;

    @Override
    void run() throws Exception {
        List<Multiaddr> listenAddrs = new ArrayList<>();
        for (String a : listen.isEmpty() ? List.of(DEFAULT_LISTEN) : listen) {
            listenAddrs.add(parse(a, "--listen"));
        }
        List<Multiaddr> dialAddrs = new ArrayList<>();
        for (String a : dial) {
            dialAddrs.add(parse(a, "--dial"));
        }
        SwarmKey swarmKey = swarmKeyFile == null ? null : readSwarmKey(swarmKeyFile);
        String swarm = swarmKey == null ? SwarmId.PUBLIC : SwarmId.fromKey(swarmKey.keyBytes());

        KithNode node = openForWriting();
        Ed25519KeyPair key = node.identityKey();
        NettyHost host = new NettyHost(HostConfig.of(key, listenAddrs, swarmKey, "kith/" + Version.current()));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("stopping");
            host.stop().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            node.close();
            line(Map.of("event", "stopped"));
            stopped.countDown();
        }, "kith-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        host.addListener(this::report);
        try {
            host.start().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            host.stop().join();
            node.close();
            throw new KithException("cannot listen: " + rootMessage(e), e);
        }
        Map<String, Object> listening = new LinkedHashMap<>();
        listening.put("event", "listening");
        listening.put("swarm", swarm);
        listening.put("peerId", host.peerId().toBase58());
        listening.put("addrs", expand(host.listenAddrs()));
        line(listening);
        for (Multiaddr a : dialAddrs) {
            host.dial(a).whenComplete((peer, e) -> {
                if (e != null) {
                    LOG.warn("dial {} failed: {}", a, rootMessage(e));
                    line(Map.of("event", "dial-failed", "addr", a.toString(), "error", rootMessage(e)));
                }
            });
        }
        stopped.await();
    }

    private void report(HostEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (e instanceof HostEvent.Connected c) {
            out.put("event", "connected");
            out.put("peerId", c.peer().toBase58());
            out.put("addr", c.remoteAddr());
            out.put("direction", c.inbound() ? "inbound" : "outbound");
        } else if (e instanceof HostEvent.Identified i) {
            out.put("event", "identified");
            out.put("peerId", i.peer().toBase58());
            out.put("agent", i.agentVersion());
            out.put("protocols", i.protocols());
        } else if (e instanceof HostEvent.Disconnected d) {
            out.put("event", "disconnected");
            out.put("peerId", d.peer().toBase58());
        }
        line(out);
    }

    private synchronized void line(Map<String, Object> value) {
        try {
            ctx().out.println(ctx().json.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(value));
            ctx().out.flush();
        } catch (IOException e) {
            LOG.warn("cannot write an event line", e);
        }
    }

    private static Multiaddr parse(String text, String option) throws KithException {
        try {
            return Multiaddr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new KithException(option + " " + text + ": " + e.getMessage(), e);
        }
    }

    private static SwarmKey readSwarmKey(Path file) throws KithException {
        try {
            if (Files.size(file) > 4096) {
                throw new KithException(file + " is too large to be a swarm.key");
            }
            return SwarmKey.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new KithException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (InvalidSwarmKeyException e) {
            throw new KithException(file + " is not a swarm key: " + e.getMessage(), e);
        }
    }

    /** Unspecified listen addresses (0.0.0.0, ::) become one address per local interface address. */
    static List<String> expand(List<Multiaddr> bound) {
        List<String> out = new ArrayList<>();
        for (Multiaddr m : bound) {
            InetSocketAddress sa = m.toInetSocketAddress().orElse(null);
            if (sa == null || !sa.getAddress().isAnyLocalAddress()) {
                out.add(m.toString());
                continue;
            }
            boolean v4 = sa.getAddress() instanceof Inet4Address;
            try {
                for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (!nif.isUp()) {
                        continue;
                    }
                    for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                        if ((v4 && a instanceof Inet4Address) || (!v4 && a instanceof Inet6Address && !a.isLinkLocalAddress())) {
                            out.add(Multiaddr.fromInetSocketAddress(new InetSocketAddress(a, sa.getPort()))
                                    .withPeerId(m.peerId().orElseThrow()).toString());
                        }
                    }
                }
            } catch (IOException e) {
                out.add(m.toString());
            }
        }
        return out;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
