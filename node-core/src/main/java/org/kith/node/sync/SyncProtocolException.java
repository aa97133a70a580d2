package org.kith.node.sync;

/**
 * The peer broke the sync protocol: a malformed or over-limit frame, a message out of turn, a
 * credit violation, records of another swarm. The session resets the stream; never thrown for
 * local failures. The message is a short reason fit for a log line, with no record content.
 */
public class SyncProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SyncProtocolException(String reason) {
        super(reason);
    }
}
