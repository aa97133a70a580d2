package org.kith.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.VerifiedRecord;

/** record_sources: the first origin wins, held records keep theirs, rebuild and reopen keep the table. */
class RecordSourcesTest {

    @TempDir
    Path tmp;

    @Test
    void firstOriginWinsAndSurvivesRebuildAndReopen() {
        TestFeed ann = new TestFeed(21);
        TestFeed ben = new TestFeed(22);
        VerifiedRecord a1 = ann.next(TestFeed.profile("Ann"));
        VerifiedRecord a2 = ann.next(TestFeed.proposal("idea"));
        VerifiedRecord a3 = ann.next(TestFeed.proposal("another"));
        VerifiedRecord b1 = ben.next(TestFeed.profile("Ben"));
        PeerId peerX = new TestFeed(23).id();
        PeerId peerY = new TestFeed(24).id();
        Path db = tmp.resolve("kith.db");
        try (SqliteRecordStore store = SqliteRecordStore.open(db, ann.id(), TestFeed.CLOCK)) {
            RecordSources sources = store.network().sources();
            sources.attach(store);
            sources.attach(store); // idempotent
            assertEquals(IngestResult.Status.ACCEPTED,
                    sources.ingest(RecordSources.Origin.gossip(peerX), () -> store.ingest(a1)).status());
            // a3 arrives ahead of a2 from peer Y by gossip: held, then released by a2 from X by sync
            assertEquals(IngestResult.Status.HELD,
                    sources.ingest(RecordSources.Origin.gossip(peerY), () -> store.ingest(a3)).status());
            sources.ingestAll(RecordSources.Origin.sync(peerX), () -> store.ingestBatch(List.of(TestFeed.bytes(a2))));
            // the same record again from elsewhere changes nothing
            sources.ingest(RecordSources.Origin.imported("f.json"), () -> store.ingest(a1));
            // a caller that says nothing notes nothing
            store.ingest(b1);

            assertEquals(peerX.toBase58(), sources.source(a1.id().toString()).orElseThrow().source());
            assertEquals("gossip", sources.source(a1.id().toString()).orElseThrow().via());
            assertEquals("sync", sources.source(a2.id().toString()).orElseThrow().via());
            RecordSources.Source released = sources.source(a3.id().toString()).orElseThrow();
            assertEquals(peerY.toBase58(), released.source());
            assertEquals("gossip", released.via());
            assertEquals(store.record(a3.id()).orElseThrow().receivedAtMillis(), released.receivedAtMillis());
            assertTrue(sources.source(b1.id().toString()).isEmpty());

            store.rebuildDerived();
            assertEquals(peerX.toBase58(), sources.source(a1.id().toString()).orElseThrow().source());
        }
        try (SqliteRecordStore store = SqliteRecordStore.open(db, ann.id(), TestFeed.CLOCK)) {
            assertEquals("sync", store.network().sources().source(a2.id().toString()).orElseThrow().via());
            // a3 names a2 as prev: a mention (callers that want citations filter out prev links)
            assertTrue(store.network().sources().recordsMentioning(List.of(a2.id())).stream()
                    .anyMatch(r -> r.id().equals(a3.id())));
        }
    }
}
