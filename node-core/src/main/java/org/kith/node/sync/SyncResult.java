package org.kith.node.sync;

import java.time.Duration;
import org.kith.protocol.identity.PeerId;

/**
 * What one sync session did (counts only, never record content).
 *
 * @param recordsReceived records the peer sent us
 * @param recordsAccepted of those, stored in their feed's chain
 * @param recordsDuplicate of those, already stored or held
 * @param recordsHeld of those, valid but held for a missing predecessor
 * @param recordsRejected of those, refused by the ingest door (counted against the peer)
 * @param forks of those, kept as fork evidence (a feed flagged forked)
 * @param recordsSent records we sent the peer
 * @param bytesIn stream bytes received (frames and prefixes: what the protocol cost on the wire, under Yamux and Noise)
 * @param bytesOut stream bytes sent
 */
public record SyncResult(PeerId peer, boolean inbound, long recordsReceived, long recordsAccepted, long recordsDuplicate,
        long recordsHeld, long recordsRejected, long forks, long recordsSent, long bytesIn, long bytesOut,
        Duration elapsed) {

    @Override
    public String toString() {
        return "received " + recordsReceived + " (accepted " + recordsAccepted + ", duplicate " + recordsDuplicate
                + ", held " + recordsHeld + ", rejected " + recordsRejected + ", forks " + forks + "), sent "
                + recordsSent + ", bytes in " + bytesIn + " out " + bytesOut + ", " + elapsed.toMillis() + " ms";
    }
}
