package org.kith.p2p.mdns;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.kith.p2p.pnet.SwarmKey;

/**
 * Settings of an {@link MdnsDiscovery}.
 *
 * @param serviceName the DNS-SD service queried and announced: {@link #SERVICE_NAME} on the
 *     public network, {@link #serviceNameFor(SwarmKey)} in a private one
 * @param queryInterval time between our queries; the first goes out at start (as js-libp2p does,
 *     which queries every 10 s)
 * @param ttlSeconds TTL of the records we announce (js-libp2p: 120)
 * @param interfaceName the one network interface to use (e.g. {@code "eth0"}), or null for every
 *     interface that is up, multicast-capable and not point-to-point
 * @param ipv4 use 224.0.0.251
 * @param ipv6 use ff02::fb as well (js-libp2p uses IPv4 only)
 * @param port the mDNS port, 5353 everywhere but in tests
 */
public record MdnsConfig(String serviceName, Duration queryInterval, long ttlSeconds, String interfaceName,
        boolean ipv4, boolean ipv6, int port) {

    /** The spec's service name for the public network. */
    public static final String SERVICE_NAME = "_p2p._udp.local";
    public static final Duration DEFAULT_QUERY_INTERVAL = Duration.ofSeconds(10);
    public static final long DEFAULT_TTL_SECONDS = 120;
    public static final int MDNS_PORT = 5353;
    /** RFC 1035 §2.3.4; the service name is one of our own labels plus {@code ._udp.local}. */
    static final int MAX_LABEL_BYTES = 63;

    public static final MdnsConfig DEFAULT = new MdnsConfig(SERVICE_NAME, DEFAULT_QUERY_INTERVAL,
            DEFAULT_TTL_SECONDS, null, true, false, MDNS_PORT);

    public MdnsConfig {
        Objects.requireNonNull(serviceName, "serviceName");
        serviceName = serviceName.toLowerCase(Locale.ROOT);
        if (!serviceName.matches("_[a-z0-9][a-z0-9-]{0,61}\\._udp\\.local")) {
            throw new IllegalArgumentException("service name must look like _p2p._udp.local: " + serviceName);
        }
        Objects.requireNonNull(queryInterval, "queryInterval");
        if (queryInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("query interval under 100 ms floods the link: " + queryInterval);
        }
        if (ttlSeconds < 1 || ttlSeconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("TTL out of range: " + ttlSeconds);
        }
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException("enable IPv4, IPv6 or both");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * The service name for a private network: {@code _p2p-<hex>._udp.local}, where hex is the
     * base-16 fingerprint of the swarm key (spec "Definitions"; the fingerprint is go-libp2p-pnet's:
     * 16 bytes of SHAKE-128 over 64 bytes of the key's Salsa20 keystream under nonce "finprint").
     * Public and private nodes then never see each other's announcements. Neither go-libp2p nor
     * js-libp2p applies this by itself today; a js peer must be given the same {@code serviceTag}.
     */
    public static String serviceNameFor(SwarmKey key) {
        return "_p2p-" + SwarmFingerprint.hex(key) + "._udp.local";
    }

    /** Defaults for the given swarm key (null: the public network). */
    public static MdnsConfig forSwarm(SwarmKey key) {
        return key == null ? DEFAULT : DEFAULT.withServiceName(serviceNameFor(key));
    }

    public MdnsConfig withServiceName(String name) {
        return new MdnsConfig(name, queryInterval, ttlSeconds, interfaceName, ipv4, ipv6, port);
    }

    public MdnsConfig withQueryInterval(Duration interval) {
        return new MdnsConfig(serviceName, interval, ttlSeconds, interfaceName, ipv4, ipv6, port);
    }

    public MdnsConfig withInterface(String name) {
        return new MdnsConfig(serviceName, queryInterval, ttlSeconds, name, ipv4, ipv6, port);
    }

    public MdnsConfig withFamilies(boolean useIpv4, boolean useIpv6) {
        return new MdnsConfig(serviceName, queryInterval, ttlSeconds, interfaceName, useIpv4, useIpv6, port);
    }

    public MdnsConfig withPort(int mdnsPort) {
        return new MdnsConfig(serviceName, queryInterval, ttlSeconds, interfaceName, ipv4, ipv6, mdnsPort);
    }
}
