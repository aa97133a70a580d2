package org.kith.node.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Comment;
import org.kith.protocol.record.PayloadCodec;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordBody;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordPayload;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.SignedRecord;

/**
 * One author's feed in the "public" swarm, generated deterministically: the key comes from
 * {@code sha256("kith-bench/author/" + index)}, the bodies from a {@link Random} seeded with the
 * index, the timestamps from the seq. So the same (index, seq) always gives the same bytes.
 *
 * <p>Mix (seq &gt; 1): 5 % profile updates, 25 % new proposals, 10 % proposal updates (of the
 * author's latest original proposal, which exercises the same-feed target check), 60 % comments
 * on one of the author's recent records. Seq 1 is a profile. Payloads are 350–900 bytes.
 *
 * <p>Records are signed with {@link RecordSigner#signRaw} (no self-verification, so generation
 * costs one Ed25519 signature per record); the benchmark checks that every record is ACCEPTED.
 * Not thread-safe: one thread at a time per generator.
 */
public final class FeedGenerator {

    /** 2025-01-01T00:00:00Z; record seq s has ts BASE + s seconds + author index ms. */
    public static final long BASE_TS_MILLIS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    public static final String SWARM = "public";

    private static final String[] WORDS = ("garden seed soil water share tool bike repair library book kitchen"
            + " bread oven solar panel roof rain barrel compost worm school lesson music choir street festival"
            + " market stall sewing fabric wood bench table chair paint mural wall bridge path forest tree"
            + " orchard apple honey bee hive clinic care elder child meal delivery van route map census data"
            + " radio mesh network cable router server backup archive story film camera workshop training"
            + " meeting council vote budget grant fund loan cooperative housing rent shelter winter coat"
            + " blanket stove fuel wind turbine battery charge lamp light night walk safety neighbour").split(" ");
    private static final String[] SKILLS = {"carpentry", "plumbing", "electrics", "cooking", "teaching", "nursing",
        "accounting", "design", "java", "sqlite", "gardening", "driving", "translation", "welding", "music"};

    private final int index;
    private final Ed25519KeyPair key;
    private final PeerId author;
    private final Random random;
    private final RecordId[] recent = new RecordId[16];
    private long seq;
    private RecordId prev;
    private RecordId lastOriginalProposal;
    /** Status of that proposal: updates move it forward only (the ingest door checks the lifecycle). */
    private ProposalStatus lastStatus;

    public FeedGenerator(int index) {
        this.index = index;
        this.key = Ed25519KeyPair.fromSeed(seedOf("kith-bench/author/" + index));
        this.author = key.peerId();
        this.random = new Random(0x6b697468L * 31 + index);
    }

    /** A deterministic 32-byte seed: sha256 of {@code label}. */
    public static byte[] seedOf(String label) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public PeerId author() {
        return author;
    }

    public long seq() {
        return seq;
    }

    /** The next record of this feed, as envelope bytes ready to ingest. */
    public byte[] next() {
        seq++;
        RecordBody body = body();
        RecordPayload payload = new RecordPayload(body.typeName(), author, SWARM, seq, prev,
                BASE_TS_MILLIS + seq * 1000 + index, body);
        byte[] payloadBytes = PayloadCodec.write(payload);
        SignedRecord signed = RecordSigner.signRaw(payloadBytes, key);
        RecordId id = RecordId.ofPayload(payloadBytes);
        if (body instanceof Proposal p && !p.isUpdate()) {
            lastOriginalProposal = id;
            lastStatus = ProposalStatus.OPEN;
        }
        recent[(int) (seq % recent.length)] = id;
        prev = id;
        return signed.encode();
    }

    private RecordBody body() {
        if (seq == 1) {
            return profile();
        }
        int r = random.nextInt(100);
        if (r < 5) {
            return profile();
        }
        if (r < 30) {
            return proposal(null);
        }
        if (r < 40 && lastOriginalProposal != null) {
            return proposal(lastOriginalProposal);
        }
        // One of the author's last 16 records (seq - back).
        long back = 1 + random.nextInt((int) Math.min(seq - 1, recent.length));
        RecordId target = recent[(int) ((seq - back) % recent.length)];
        return new Comment(target, sentence(8 + random.nextInt(18)));
    }

    private Profile profile() {
        return new Profile("Bench Author " + index, sentence(10 + random.nextInt(20)), skills(2 + random.nextInt(3)),
                List.of(words(2)), List.of(words(2)), List.of(), List.of(), "Town " + (index % 17), null);
    }

    private Proposal proposal(RecordId of) {
        ProposalStatus status = ProposalStatus.OPEN;
        if (of != null) {
            status = lastStatus == ProposalStatus.ACTIVE || random.nextBoolean() ? ProposalStatus.ACTIVE
                    : ProposalStatus.FORMING;
            lastStatus = status;
        }
        List<Proposal.Role> roles = List.of(new Proposal.Role(words(1), skills(2), "2h/week"));
        List<String> tags = new ArrayList<>();
        int tagCount = 2 + random.nextInt(2);
        for (int i = 0; i < tagCount; i++) {
            String tag = WORDS[random.nextInt(WORDS.length)];
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return new Proposal(ProposalKind.PROJECT, capitalised(words(4 + random.nextInt(5))),
                sentence(20 + random.nextInt(21)), null, roles, null, tags, status, of);
    }

    private List<String> skills(int n) {
        List<String> out = new ArrayList<>();
        while (out.size() < n) {
            String s = SKILLS[random.nextInt(SKILLS.length)];
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    private String sentence(int n) {
        return capitalised(words(n)) + ".";
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
