package org.kith.p2p.host;

import java.time.Duration;
import java.util.List;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.SwarmKey;
import org.kith.p2p.yamux.YamuxConfig;
import org.kith.protocol.identity.Ed25519KeyPair;

/**
 * Everything a {@link NettyHost} is built from.
 *
 * @param swarmKey the private network's key, or null for an open host
 * @param maxConnections connections beyond this are refused (inbound) or not made (outbound)
 * @param pingInterval how often each connection is pinged; {@link #MAX_FAILED_PINGS} failures in
 *     a row close it
 */
public record HostConfig(Ed25519KeyPair identity, List<Multiaddr> listenAddrs, SwarmKey swarmKey, String agentVersion,
        int maxConnections, Duration dialTimeout, Duration pingInterval, YamuxConfig yamux) {

    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);
    public static final int MAX_FAILED_PINGS = 3;

    public HostConfig {
        listenAddrs = List.copyOf(listenAddrs);
    }

    public static HostConfig of(Ed25519KeyPair identity, List<Multiaddr> listenAddrs, SwarmKey swarmKey,
            String agentVersion) {
        return new HostConfig(identity, listenAddrs, swarmKey, agentVersion, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_DIAL_TIMEOUT, DEFAULT_PING_INTERVAL, YamuxConfig.DEFAULT);
    }
}
