package org.kith.node.sync;

import org.kith.protocol.identity.PeerId;

/**
 * Told about sync sessions, for status displays. Called on store or I/O threads: must return
 * quickly and not block. Counts only, never record content.
 */
public interface SyncListener {

    /** A session made progress (called at most once per batch received or acknowledged). */
    default void onProgress(PeerId peer, SyncResult soFar) {
    }

    /** A session ended: {@code failure} is null when it completed. */
    default void onFinished(PeerId peer, SyncResult result, Throwable failure) {
    }
}
