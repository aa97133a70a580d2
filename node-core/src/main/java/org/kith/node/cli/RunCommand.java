package org.kith.node.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.api.ControlServer;
import org.kith.node.net.SwarmHost;
import org.kith.node.store.NetworkTables;
import org.kith.node.swarm.Swarms;
import org.kith.p2p.HostEvent;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.InvalidSwarmKeyException;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.SwarmId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run a headless node: one host per joined swarm (the public one and each"
        + " private one, each on its own port with its own key); listen, dial, redial remembered peers, stay"
        + " connected until stopped (SIGTERM or Ctrl-C). Prints one JSON line per host when listening, then one per"
        + " connection event, each with its swarm; logs go to stderr.")
final class RunCommand extends BaseCommand {

    static final String DEFAULT_LISTEN = "/ip4/0.0.0.0/tcp/4001";
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--listen", paramLabel = "MULTIADDR", description = "Address of the public swarm's host (default: "
            + DEFAULT_LISTEN + "); repeat for more. Private swarms listen on the same IP addresses, each at its own"
            + " port (see `kith swarm list`).")
    List<String> listen = new ArrayList<>();

    @Option(names = "--dial", paramLabel = "MULTIADDR", description = "Peer to connect to at start, from the public"
            + " swarm's host (from the --swarm-key host when that is given); repeat for more.")
    List<String> dial = new ArrayList<>();

    @Option(names = "--swarm-key", paramLabel = "FILE", description = "Also run a host in the private network of this"
            + " swarm.key, for this run only (to keep it, use `kith swarm key import`); --dial then dials from it.")
    Path swarmKeyFile;

    @Option(names = "--no-mdns", description = "Do not look for peers on the local network (mDNS).")
    boolean noMdns;

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
        SwarmKey adHocKey = swarmKeyFile == null ? null : readSwarmKey(swarmKeyFile);

        KithNode node = openForWriting();
        List<SwarmHost> hosts = new ArrayList<>();
        SwarmHost dialer;
        try {
            Ed25519KeyPair key = node.identityKey();
            Swarms swarms = new Swarms(node, ctx().clock, new java.security.SecureRandom());
            String agent = "kith/" + Version.current();
            SwarmHost publicHost = null;
            SwarmHost adHoc = null;
            String adHocId = adHocKey == null ? null : SwarmId.fromKey(adHocKey.keyBytes());
            for (NetworkTables.Swarm s : swarms.list()) {
                boolean isPublic = s.keySealed() == null;
                SwarmHost h = new SwarmHost(SwarmHost.Config.of(s.name(), s.swarmId(), isPublic ? null : swarms.key(s),
                        isPublic ? listenAddrs : atPort(listenAddrs, s.port()), !noMdns), key, node.store(),
                        ctx().clock, agent);
                hosts.add(h);
                if (isPublic) {
                    publicHost = h;
                }
                if (s.swarmId().equals(adHocId)) {
                    adHoc = h; // the --swarm-key swarm is joined already: one host for it, with its memory
                }
            }
            if (adHocKey != null && adHoc == null) {
                adHoc = new SwarmHost(new SwarmHost.Config("swarm-key", adHocId, adHocKey, atPort(listenAddrs, 0), false,
                        !noMdns, SwarmHost.REDIAL_BASE, SwarmHost.REDIAL_MAX), key, node.store(), ctx().clock, agent);
                hosts.add(adHoc);
            }
            dialer = adHoc != null ? adHoc : publicHost;
        } catch (KithException | RuntimeException e) {
            node.close();
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        ControlServer[] control = new ControlServer[1];
        Thread hook = new Thread(() -> {
            LOG.info("stopping");
            if (control[0] != null) {
                control[0].close();
            }
            stopAll(hosts);
            node.close();
            line(Map.of("event", "stopped"));
            stopped.countDown();
        }, "kith-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        for (SwarmHost h : hosts) {
            String swarm = h.config().swarmId();
            h.addListener(e -> report(swarm, e));
            try {
                h.start().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                Runtime.getRuntime().removeShutdownHook(hook);
                stopAll(hosts);
                node.close();
                throw new KithException("cannot listen"
                        + (h.config().key() == null ? "" : " for swarm " + h.config().swarmName()) + ": "
                        + rootMessage(e), e);
            }
            Map<String, Object> listening = new LinkedHashMap<>();
            listening.put("event", "listening");
            listening.put("swarm", swarm);
            listening.put("name", h.config().swarmName());
            listening.put("peerId", h.host().peerId().toBase58());
            listening.put("addrs", h.listenAddrs().stream().map(Multiaddr::toString).toList());
            line(listening);
        }
        try {
            control[0] = ControlServer.start(kithHome().dir(), new NodeControl(node, hosts, ctx().clock));
        } catch (IOException e) {
            LOG.warn("no control API (commands will not reach this node): {}", e.getMessage());
        }
        for (Multiaddr a : dialAddrs) {
            if (dialer == null) {
                break;
            }
            String swarm = dialer.config().swarmId();
            dialer.dial(a).whenComplete((peer, e) -> {
                if (e != null) {
                    LOG.warn("dial {} failed: {}", a, rootMessage(e));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("event", "dial-failed");
                    out.put("swarm", swarm);
                    out.put("addr", a.toString());
                    out.put("error", rootMessage(e));
                    line(out);
                }
            });
        }
        stopped.await();
    }

    private static void stopAll(List<SwarmHost> hosts) {
        for (SwarmHost h : hosts) {
            h.stop().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    /** The IP addresses of {@code addrs} at {@code port} (a private swarm's host: same interfaces, own port). */
    static List<Multiaddr> atPort(List<Multiaddr> addrs, int port) {
        List<Multiaddr> out = new ArrayList<>();
        for (Multiaddr m : addrs) {
            m.toInetSocketAddress().ifPresent(sa -> {
                Multiaddr a = Multiaddr.fromInetSocketAddress(new InetSocketAddress(sa.getAddress(), port));
                if (!out.contains(a)) {
                    out.add(a);
                }
            });
        }
        return out;
    }

    private void report(String swarm, HostEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (e instanceof HostEvent.Connected c) {
            out.put("event", "connected");
            out.put("swarm", swarm);
            out.put("peerId", c.peer().toBase58());
            out.put("addr", c.remoteAddr());
            out.put("direction", c.inbound() ? "inbound" : "outbound");
        } else if (e instanceof HostEvent.Identified i) {
            out.put("event", "identified");
            out.put("swarm", swarm);
            out.put("peerId", i.peer().toBase58());
            out.put("agent", i.agentVersion());
            out.put("protocols", i.protocols());
        } else if (e instanceof HostEvent.Disconnected d) {
            out.put("event", "disconnected");
            out.put("swarm", swarm);
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

    static Multiaddr parse(String text, String option) throws KithException {
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
