package org.kith.p2p.mdns;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.kith.p2p.Host;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libp2p mDNS discovery (spec {@code discovery/mdns.md}): finds peers on the local link and
 * tells a listener; announces this node to them.
 *
 * <p><b>What it does.</b> On {@link #start()} it opens one UDP socket per chosen interface and
 * address family (see {@link MdnsConfig#interfaceName()}), sends the question
 * {@code <service> PTR} at once and then every {@link MdnsConfig#queryInterval()}, answers every
 * query for the service — its own included, so that others listening learn of it passively — and
 * reports every peer announced in a response. Answers carry a PTR to
 * {@code <peer-name>.<service>}, one TXT record of {@code dnsaddr=<multiaddr>/p2p/<id>} strings,
 * and an SRV record plus A/AAAA records for {@code <peer-name>.local}. The peer name is random
 * (32–63 lower-case alphanumerics), never the peer ID. Addresses come from the supplier at each
 * answer, filtered as in {@code AdvertisedAddresses} (ip4/ip6 + tcp, wildcards expanded, loopback
 * kept and listed last).
 *
 * <p><b>Off by default.</b> Nothing is sent or bound until {@code start()}; a node that does not
 * want mDNS (a server, a test, a user who turned it off) simply never creates or starts one.
 *
 * <p><b>Threads.</b> The listener runs on this discovery's single I/O thread, once per received
 * response (so repeatedly for the same peer, about once per query interval); it must not block.
 * {@link DiscoveryDialer} is a ready listener that connects the host. Received packets never throw
 * into Netty: malformed or hostile ones are dropped with a DEBUG log.
 *
 * <p><b>Failure.</b> {@code start()} throws if no interface can be used; {@code close()} is
 * idempotent and releases the sockets and the thread.
 */
public final class MdnsDiscovery implements AutoCloseable {

    /** RFC 6762 §3. */
    public static final String IPV4_GROUP = "224.0.0.251";
    public static final String IPV6_GROUP = "ff02::fb";

    private static final Logger LOG = LoggerFactory.getLogger(MdnsDiscovery.class);

    private final PeerId self;
    private final Supplier<List<Multiaddr>> addrs;
    private final MdnsConfig config;
    private final Consumer<DiscoveredPeer> listener;
    private final String peerName;
    private final List<MdnsLink> links = new CopyOnWriteArrayList<>();
    private EventLoopGroup loop;
    private ScheduledFuture<?> queries;
    private boolean closed;

    /** Announces {@code host}'s listen addresses; see the class comment. */
    public MdnsDiscovery(Host host, MdnsConfig config, Consumer<DiscoveredPeer> listener) {
        this(host.peerId(), host::listenAddrs, config, listener);
    }

    /**
     * @param self our peer ID: its announcements are ignored, and it ends every announced address
     * @param addrs our current addresses, asked at each answer (with or without {@code /p2p/})
     */
    public MdnsDiscovery(PeerId self, Supplier<List<Multiaddr>> addrs, MdnsConfig config,
            Consumer<DiscoveredPeer> listener) {
        this(self, addrs, config, listener, new SecureRandom());
    }

    MdnsDiscovery(PeerId self, Supplier<List<Multiaddr>> addrs, MdnsConfig config, Consumer<DiscoveredPeer> listener,
            Random random) {
        this.self = Objects.requireNonNull(self, "self");
        this.addrs = Objects.requireNonNull(addrs, "addrs");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.peerName = PeerNames.random(random);
    }

    /** Our random DNS-SD instance label. */
    public String peerName() {
        return peerName;
    }

    public MdnsConfig config() {
        return config;
    }

    /**
     * Opens the sockets and starts querying. Call once.
     *
     * @throws IOException if the named interface is missing or unusable, or no interface could be
     *     opened (then nothing stays open)
     * @throws IllegalStateException if started twice or after close
     */
    public synchronized void start() throws IOException {
        if (loop != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        List<NetworkInterface> interfaces = interfaces();
        loop = new NioEventLoopGroup(1, new DefaultThreadFactory("kith-mdns", true));
        List<String> failures = new ArrayList<>();
        for (NetworkInterface ni : interfaces) {
            if (config.ipv4() && hasAddress(ni, Inet4Address.class)) {
                openLink(ni, IPV4_GROUP, failures);
            }
            if (config.ipv6() && hasAddress(ni, Inet6Address.class)) {
                openLink(ni, IPV6_GROUP, failures);
            }
        }
        if (links.isEmpty()) {
            close();
            throw new IOException("mDNS: no usable multicast interface"
                    + (failures.isEmpty() ? " (candidates: " + names(interfaces) + ")" : ": " + failures));
        }
        queries = loop.next().scheduleAtFixedRate(this::query, 0, config.queryInterval().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** Sends a query on every link now (besides the periodic ones). */
    public void query() {
        links.forEach(MdnsLink::query);
    }

    /** Stops querying and answering, closes the sockets and the thread. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (queries != null) {
            queries.cancel(false);
        }
        links.forEach(MdnsLink::close);
        links.clear();
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private void openLink(NetworkInterface ni, String groupText, List<String> failures) {
        MdnsLink link;
        try {
            link = new MdnsLink(ni, InetAddress.getByName(groupText), config, self, this::announcement, listener);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("literal group address " + groupText, e);
        }
        try {
            link.open(loop);
            links.add(link);
        } catch (IOException e) {
            LOG.warn("{}", e.getMessage());
            failures.add(ni.getName() + " " + groupText + ": " + e.getMessage());
        }
    }

    private MdnsMessages.Announcement announcement() {
        List<Multiaddr> advertised = AdvertisedAddresses.select(addrs.get(), self, hostAddresses());
        return new MdnsMessages.Announcement(config.serviceName(), peerName, config.ttlSeconds(), advertised);
    }

    private List<NetworkInterface> interfaces() throws IOException {
        if (config.interfaceName() != null) {
            NetworkInterface ni = NetworkInterface.getByName(config.interfaceName());
            if (ni == null) {
                throw new IOException("mDNS: no network interface named " + config.interfaceName());
            }
            if (!ni.isUp() || !ni.supportsMulticast()) {
                throw new IOException("mDNS: interface " + config.interfaceName() + " is down or not multicast-capable");
            }
            return List.of(ni);
        }
        List<NetworkInterface> suitable = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && ni.supportsMulticast() && !ni.isPointToPoint()) {
                suitable.add(ni);
            }
        }
        return suitable;
    }

    private static boolean hasAddress(NetworkInterface ni, Class<? extends InetAddress> family) {
        return Collections.list(ni.getInetAddresses()).stream().anyMatch(family::isInstance);
    }

    private static List<InetAddress> hostAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp()) {
                    out.addAll(Collections.list(ni.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list interface addresses: {}", e.toString());
        }
        return out;
    }

    private static List<String> names(List<NetworkInterface> interfaces) {
        return interfaces.stream().map(NetworkInterface::getName).toList();
    }
}
