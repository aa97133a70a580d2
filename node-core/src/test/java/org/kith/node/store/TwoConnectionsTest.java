package org.kith.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.VerifiedRecord;

/**
 * One store file open twice, as when the CLI writes while {@code kith run} holds the store: each
 * sees what the other committed, and neither acts on a feed head the other has moved.
 */
class TwoConnectionsTest {

    @TempDir
    Path dir;

    @Test
    void eachSeesTheOthersCommitsAndNoStaleFeedHeadIsUsed() {
        Path file = dir.resolve("kith.db");
        TestFeed ada = new TestFeed(1);
        Ed25519KeyPair owner = ada.key;
        try (SqliteRecordStore node = SqliteRecordStore.open(file, owner.peerId(), TestFeed.CLOCK);
                SqliteRecordStore cli = SqliteRecordStore.open(file, owner.peerId(), TestFeed.CLOCK)) {
            VerifiedRecord first = ada.next(TestFeed.profile("Ada"));
            assertEquals(IngestResult.Status.ACCEPTED, node.ingest(first).status());
            // the node has read (and cached) the feed head at seq 1
            assertEquals(1, node.feedHead(ada.id(), "public").orElseThrow().seq());

            VerifiedRecord second = ada.next(TestFeed.proposal("Garden"));
            assertEquals(IngestResult.Status.ACCEPTED, cli.ingest(second).status());

            // the long-lived connection sees the other's commit in reads ...
            assertTrue(node.record(second.id()).isPresent(), "a read must not stay on an old snapshot");
            assertEquals(2, node.feedHead(ada.id(), "public").orElseThrow().seq());
            assertEquals(1, node.network().swarms().size(), "network reads work too");
            // ... and its ingest continues the feed from seq 2, not from its cached seq 1
            VerifiedRecord third = ada.next(TestFeed.proposal("Orchard"));
            assertEquals(IngestResult.Status.ACCEPTED, node.ingest(third).status());
            assertEquals(IngestResult.Status.DUPLICATE, node.ingest(second).status());
            assertEquals(List.of(3L, 3L), List.of(node.feedHead(ada.id(), "public").orElseThrow().seq(),
                    cli.feedHead(ada.id(), "public").orElseThrow().seq()));
        }
    }
}
