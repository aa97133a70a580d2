package org.kith.node.store;

import org.kith.protocol.record.RecordId;

/** The newest contiguous record of a feed (author, swarm), and whether the feed has forked. */
public record FeedHead(String author, String swarm, long seq, RecordId id, boolean forked) {
}
