package org.kith.node.store;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Commitment;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.VerifiedRecord;

/** One author's feed in one swarm, for tests: signs bodies in order, tracking seq and prev. */
final class TestFeed {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    final Ed25519KeyPair key;
    final String swarm;
    private final RecordSigner signer;
    long seq;
    RecordId prev;

    TestFeed(int seedByte, String swarm) {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) seedByte);
        this.key = Ed25519KeyPair.fromSeed(seed);
        this.swarm = swarm;
        this.signer = new RecordSigner(key, CLOCK);
    }

    TestFeed(int seedByte) {
        this(seedByte, "public");
    }

    PeerId id() {
        return key.peerId();
    }

    VerifiedRecord next(RecordBody body) {
        VerifiedRecord r = at(seq + 1, prev, body);
        seq++;
        prev = r.id();
        return r;
    }

    /** A record at an arbitrary place, without advancing the feed (forks, bad prevs). */
    VerifiedRecord at(long atSeq, RecordId atPrev, RecordBody body) {
        try {
            return signer.sign(swarm, atSeq, atPrev, body);
        } catch (InvalidRecordException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] bytes(VerifiedRecord r) {
        return r.envelope().encode();
    }

    static Proposal proposal(String title) {
        return new Proposal(ProposalKind.PROJECT, title, "summary of " + title, null,
                List.of(new Proposal.Role("dev", List.of("java"), "2d")), null, List.of("tools"), ProposalStatus.OPEN,
                null);
    }

    static Proposal update(RecordId of, String title, ProposalStatus status) {
        return new Proposal(ProposalKind.PROJECT, title, "summary of " + title, null, List.of(), null, List.of(),
                status, of);
    }

    static Commitment commitment(RecordId proposal) {
        return new Commitment(proposal, "dev", "build it", LocalDate.parse("2027-01-01"), "2d");
    }

    static Profile profile(String name, String... skills) {
        return new Profile(name, null, List.of(skills), List.of(), List.of(), List.of(), List.of(), null, null);
    }
}
