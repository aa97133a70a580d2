package org.kith.p2p.host;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.yamux.YamuxSession;
import org.kith.protocol.identity.PeerId;

/** One secured, multiplexed connection to a peer. */
record Connection(Channel channel, YamuxSession muxer, PeerId remote, boolean inbound, Multiaddr remoteAddr,
        AtomicInteger failedPings) {
}
