package org.kith.p2p.mdns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.kith.protocol.identity.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mDNS on one interface and one address family: a UDP socket bound to the wildcard address on
 * the mDNS port (SO_REUSEADDR, so avahi, js peers and other nodes on the host can share it),
 * joined to the group on that interface, sending there with TTL 255 (RFC 6762 §11) and loopback
 * on (other processes on this host are peers too). All state is touched on the channel's event
 * loop only.
 *
 * <p>Linux delivers group traffic to every wildcard-bound member socket whatever interface it
 * joined on, so with several interfaces each link may see a packet that arrived elsewhere; it
 * then answers on its own interface. That costs a duplicate response, never a missed one.
 */
final class MdnsLink {

    /** RFC 6762 §6: a record is multicast on an interface at most once per second. */
    static final long MIN_RESPONSE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final int MULTICAST_TTL = 255;

    private static final Logger LOG = LoggerFactory.getLogger(MdnsLink.class);

    private final NetworkInterface networkInterface;
    private final InetSocketAddress group;
    private final MdnsConfig config;
    private final PeerId self;
    private final Supplier<MdnsMessages.Announcement> announcement;
    private final Consumer<DiscoveredPeer> listener;
    private DatagramChannel channel;
    private long lastResponseNanos;
    private boolean responded;
    private boolean responsePending;

    MdnsLink(NetworkInterface networkInterface, InetAddress groupAddress, MdnsConfig config, PeerId self,
            Supplier<MdnsMessages.Announcement> announcement, Consumer<DiscoveredPeer> listener) {
        this.networkInterface = networkInterface;
        this.group = new InetSocketAddress(groupAddress, config.port());
        this.config = config;
        this.self = self;
        this.announcement = announcement;
        this.listener = listener;
    }

    void open(EventLoopGroup loop) throws IOException {
        InternetProtocolFamily family = group.getAddress() instanceof Inet4Address
                ? InternetProtocolFamily.IPv4 : InternetProtocolFamily.IPv6;
        Bootstrap bootstrap = new Bootstrap().group(loop)
                .channelFactory(() -> new NioDatagramChannel(family))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.IP_MULTICAST_IF, networkInterface)
                .option(ChannelOption.IP_MULTICAST_TTL, MULTICAST_TTL)
                .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, false)
                .handler(new Handler());
        try {
            channel = (DatagramChannel) bootstrap.bind(new InetSocketAddress(config.port())).sync().channel();
            channel.joinGroup(group, networkInterface).sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while opening mDNS on " + networkInterface.getName(), e);
        } catch (Exception e) {
            close();
            throw new IOException("cannot open mDNS on " + networkInterface.getName() + " " + group + ": " + e, e);
        }
        LOG.info("mDNS on {} {} (service {})", networkInterface.getName(), group.getAddress().getHostAddress(),
                config.serviceName());
    }

    String description() {
        return networkInterface.getName() + " " + group.getAddress().getHostAddress();
    }

    /** Multicasts our question. Any thread. */
    void query() {
        DatagramChannel ch = channel;
        if (ch == null || !ch.isActive()) {
            return;
        }
        ByteBuf query = MdnsMessages.encodeQuery(ch.alloc(), config.serviceName());
        ch.writeAndFlush(new DatagramPacket(query, group)).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.debug("mDNS query on {} failed: {}", description(), f.cause().toString());
            }
        });
    }

    void close() {
        DatagramChannel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** On the event loop: answer now, or as soon as the once-per-second rule allows. */
    private void scheduleResponse() {
        if (responsePending) {
            return;
        }
        long wait = responded ? lastResponseNanos + MIN_RESPONSE_INTERVAL_NANOS - System.nanoTime() : 0;
        if (wait <= 0) {
            respond();
            return;
        }
        responsePending = true;
        channel.eventLoop().schedule(() -> {
            responsePending = false;
            respond();
        }, wait, TimeUnit.NANOSECONDS);
    }

    private void respond() {
        if (!channel.isActive()) {
            return;
        }
        MdnsMessages.Announcement a = announcement.get();
        if (a.addrs().isEmpty()) {
            LOG.debug("not answering mDNS query on {}: no address to announce", description());
            return;
        }
        ByteBuf response;
        try {
            response = MdnsMessages.encodeResponse(channel.alloc(), a);
        } catch (IllegalArgumentException e) {
            LOG.debug("not answering mDNS query on {}: {}", description(), e.getMessage());
            return;
        }
        responded = true;
        lastResponseNanos = System.nanoTime();
        channel.writeAndFlush(new DatagramPacket(response, group)).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.debug("mDNS response on {} failed: {}", description(), f.cause().toString());
            }
        });
    }

    private boolean asksForUs(MdnsMessage query) {
        MdnsMessages.Announcement a = null;
        for (MdnsMessage.Question q : query.questions()) {
            if (q.name().equals(config.serviceName())) {
                return true;
            }
            if (a == null) {
                a = announcement.get();
            }
            // Spec "Gotchas": tools that ignore additional records ask for them one by one.
            if (q.name().equals(a.instanceName()) || q.name().equals(a.hostName())) {
                return true;
            }
        }
        return false;
    }

    private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            MdnsMessage message;
            try {
                message = MdnsMessages.decode(packet.content());
            } catch (MalformedMdnsException e) {
                LOG.debug("ignoring mDNS packet from {} on {}: {}", packet.sender(), description(), e.getMessage());
                return;
            }
            if (!message.response()) {
                if (asksForUs(message)) {
                    scheduleResponse();
                }
                return;
            }
            ResponseReader.read(message, config.serviceName(), self).ifPresent(peer -> {
                LOG.debug("mDNS: {} at {} (from {})", peer.peer(), peer.addrs(), packet.sender());
                try {
                    listener.accept(peer);
                } catch (RuntimeException e) {
                    LOG.warn("mDNS listener failed on {}", peer.peer(), e);
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A UDP socket survives a bad packet or an ICMP error; keep listening.
            LOG.debug("mDNS on {}: {}", description(), cause.toString());
        }
    }
}
