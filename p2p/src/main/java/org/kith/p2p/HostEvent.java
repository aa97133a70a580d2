package org.kith.p2p;

import java.util.List;
import org.kith.protocol.identity.PeerId;

/** What a {@link Host} tells its listeners. Delivered on an I/O thread; listeners must not block. */
public sealed interface HostEvent {

    PeerId peer();

    /** A secured, multiplexed connection is up. */
    record Connected(PeerId peer, String remoteAddr, boolean inbound) implements HostEvent {
    }

    /** The peer's identify arrived. */
    record Identified(PeerId peer, List<String> protocols, String agentVersion, List<String> listenAddrs)
            implements HostEvent {
    }

    /** The last connection to the peer closed. */
    record Disconnected(PeerId peer) implements HostEvent {
    }
}
