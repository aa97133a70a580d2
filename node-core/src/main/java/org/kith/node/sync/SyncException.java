package org.kith.node.sync;

/**
 * A sync session ended before completing: the stream was reset or closed, the peer broke the
 * protocol or served another swarm, the store failed, or the peer was rate-limited. What was
 * ingested before stays ingested; the next session's Hello starts from there.
 */
public class SyncException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SyncResult partial;

    public SyncException(String message, SyncResult partial, Throwable cause) {
        super(message, cause);
        this.partial = partial;
    }

    /** The counts up to the failure (null if the session never started). */
    public SyncResult partial() {
        return partial;
    }
}
