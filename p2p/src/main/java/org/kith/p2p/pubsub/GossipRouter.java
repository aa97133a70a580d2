package org.kith.p2p.pubsub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kith.p2p.wire.ProtocolException;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossipsub v1.1 router core, driven by events: a peer joined or left, an RPC arrived, a
 * heartbeat ticked, the application subscribed or published. It knows nothing of streams; what it
 * sends goes through {@link Network}. Every method is thread-safe (one monitor); callbacks to the
 * application (subscribers) and validation results run on the injected scheduler, never under
 * the monitor. Used by {@link Gossipsub} on a real host and directly by the simulated-network tests.
 */
final class GossipRouter {

    static final String MESHSUB_11 = "/meshsub/1.1.0";
    static final String MESHSUB_10 = "/meshsub/1.0.0";
    static final String FLOODSUB = "/floodsub/1.0.0";
    /** Negotiation order: newest first (checklist §9). */
    static final List<String> PROTOCOLS = List.of(MESHSUB_11, MESHSUB_10, FLOODSUB);
    /** A PRUNE's backoff is honoured up to this long; a larger value is treated as this. */
    static final long MAX_BACKOFF_SECONDS = 24 * 3600;

    private static final Logger LOG = LoggerFactory.getLogger(GossipRouter.class);

    /** Where the router's output goes. Called under the router's monitor: must not block. */
    interface Network {
        /** Sends one RPC to a peer the router was told about (queued until its stream is open). */
        void send(PeerId peer, Rpc rpc);

        /** A peer offered by peer exchange from a peer we trust enough; {@code signedPeerRecord} may be null. */
        default void peerExchange(PeerId peer, byte[] signedPeerRecord) {
        }

        /** Our signed record of {@code peer} to include in PX, or null. */
        default byte[] signedPeerRecord(PeerId peer) {
            return null;
        }
    }

    private static final class Peer {
        final PeerId id;
        final String protocol;
        final boolean outbound;
        final Set<String> topics = new HashSet<>();
        int ihaveReceived;
        int idsAsked;
        boolean ihaveFloodPenalised;

        Peer(PeerId id, String protocol, boolean outbound) {
            this.id = id;
            this.protocol = protocol;
            this.outbound = outbound;
        }

        boolean meshsub() {
            return !FLOODSUB.equals(protocol);
        }
    }

    private final PeerId self;
    private final Ed25519KeyPair key;
    private final GossipsubConfig config;
    private final GossipsubParams params;
    private final PeerScoreThresholds thresholds;
    private final Network net;
    private final ScheduledExecutorService scheduler;

    private final Map<PeerId, Peer> peers = new LinkedHashMap<>();
    private final Map<String, Set<PeerId>> topicPeers = new HashMap<>();
    private final Map<String, Consumer<PubsubMessage>> subscriptions = new LinkedHashMap<>();
    private final Map<String, Validator> validators = new HashMap<>();
    private final Map<String, Set<PeerId>> mesh = new LinkedHashMap<>();
    private final Map<String, Set<PeerId>> fanout = new LinkedHashMap<>();
    private final Map<String, Long> fanoutLastPublish = new HashMap<>();
    private final Map<String, Map<PeerId, Long>> backoff = new HashMap<>();
    /** IWANT promises: message ID → peer → deadline. */
    private final Map<String, Map<PeerId, Long>> promises = new LinkedHashMap<>();
    private final Map<PeerId, Rpc.ControlBuilder> pendingControl = new LinkedHashMap<>();
    private final MessageCache mcache;
    private final SeenCache seen;
    private final PeerScore score;
    private int pendingValidations;
    private long heartbeats;
    private long lastDecayMillis;
    private long nextSeqno;
    private ScheduledFuture<?> heartbeatTask;

    GossipRouter(Ed25519KeyPair key, GossipsubConfig config, Network net, ScheduledExecutorService scheduler) {
        this.self = key.peerId();
        this.key = key;
        this.config = config;
        this.params = config.params();
        this.thresholds = config.thresholds();
        this.net = net;
        this.scheduler = scheduler;
        this.mcache = new MessageCache(params.mcacheLength(), params.mcacheGossip(), params.gossipRetransmission());
        this.seen = new SeenCache(params.seenTtl().toMillis());
        this.score = new PeerScore(config.scoreParams(), params.seenTtl().toMillis());
        this.lastDecayMillis = now();
        // go counts up from UnixNano at start, js from Date.now() × 10⁶: strictly increasing across restarts.
        this.nextSeqno = config.clock().millis() * 1_000_000L;
    }

    /** Schedules the heartbeat: first after {@code heartbeatInitialDelay}, then every {@code heartbeatInterval}. */
    synchronized void start() {
        heartbeatTask = scheduler.scheduleAtFixedRate(this::heartbeatSafely,
                params.heartbeatInitialDelay().toMillis(), params.heartbeatInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
        }
    }

    PeerId self() {
        return self;
    }

    private long now() {
        return config.clock().millis();
    }

    // ---- peers ---------------------------------------------------------------------------------

    /** A pubsub stream to or from {@code peer} is up; sends the hello with all our subscriptions. */
    synchronized void addPeer(PeerId peer, String protocol, boolean outbound) {
        if (peers.containsKey(peer) || peer.equals(self)) {
            return;
        }
        peers.put(peer, new Peer(peer, protocol, outbound));
        score.addPeer(peer);
        if (!subscriptions.isEmpty()) {
            List<Rpc.SubOpts> subs = new ArrayList<>();
            for (String t : subscriptions.keySet()) {
                subs.add(new Rpc.SubOpts(true, t));
            }
            net.send(peer, new Rpc(subs, List.of(), null));
        }
    }

    synchronized void removePeer(PeerId peer) {
        Peer p = peers.remove(peer);
        if (p == null) {
            return;
        }
        for (String t : p.topics) {
            Set<PeerId> s = topicPeers.get(t);
            if (s != null) {
                s.remove(peer);
            }
        }
        for (Set<PeerId> m : mesh.values()) {
            m.remove(peer);
        }
        for (Set<PeerId> f : fanout.values()) {
            f.remove(peer);
        }
        for (Map<PeerId, Long> byPeer : promises.values()) {
            byPeer.remove(peer);
        }
        pendingControl.remove(peer);
        score.removePeer(peer, now());
    }

    synchronized boolean hasPeer(PeerId peer) {
        return peers.containsKey(peer);
    }

    // ---- inbound -------------------------------------------------------------------------------

    /** One RPC frame from {@code peer}: graylisted peers are dropped before decoding. */
    void handleFrame(PeerId peer, byte[] frame) {
        if (isGraylisted(peer)) {
            return;
        }
        Rpc rpc;
        try {
            rpc = RpcCodec.decode(frame);
        } catch (ProtocolException e) {
            malformed(peer, e.reason());
            return;
        }
        handleRpc(peer, rpc);
    }

    /** {@code peer} sent bytes that are not an RPC (or an RPC over the cap): P₇. */
    synchronized void malformed(PeerId peer, String why) {
        LOG.debug("malformed RPC from {}: {}", peer, why);
        score.addPenalty(peer, 1);
    }

    synchronized boolean isGraylisted(PeerId peer) {
        return score.score(peer, now()) < thresholds.graylist();
    }

    synchronized void handleRpc(PeerId from, Rpc rpc) {
        Peer p = peers.get(from);
        if (p == null) {
            return;
        }
        long now = now();
        if (score.score(from, now) < thresholds.graylist()) {
            LOG.debug("dropping RPC from graylisted {}", from);
            return;
        }
        for (Rpc.SubOpts s : rpc.subscriptions()) {
            handleSubscription(p, s);
        }
        for (Rpc.Message m : rpc.publish()) {
            handleMessage(p, m, now);
        }
        if (rpc.control() != null) {
            Rpc.Control c = rpc.control();
            boolean gossipOk = score.score(from, now) >= thresholds.gossip();
            if (gossipOk) {
                handleIHave(p, c.ihave(), now);
                handleIWant(p, c.iwant());
            }
            handleGraft(p, c.graft(), now);
            handlePrune(p, c.prune(), now);
        }
        flush();
    }

    private void handleSubscription(Peer p, Rpc.SubOpts s) {
        if (s.topic() == null || s.subscribe() == null) {
            return;
        }
        if (s.subscribe()) {
            p.topics.add(s.topic());
            topicPeers.computeIfAbsent(s.topic(), k -> new LinkedHashSet<>()).add(p.id);
        } else {
            p.topics.remove(s.topic());
            Set<PeerId> tp = topicPeers.get(s.topic());
            if (tp != null) {
                tp.remove(p.id);
            }
            Set<PeerId> m = mesh.get(s.topic());
            if (m != null && m.remove(p.id)) {
                score.prune(p.id, s.topic());
            }
            Set<PeerId> f = fanout.get(s.topic());
            if (f != null) {
                f.remove(p.id);
            }
        }
    }

    private void handleMessage(Peer p, Rpc.Message m, long now) {
        MessageAuth.Checked parsed = MessageAuth.parse(m, p.id);
        if (parsed.failure() != null) {
            LOG.debug("message from {} refused: {}", p.id, parsed.failure());
            score.rejected(null, p.id, m.topic(), now);
            return;
        }
        PubsubMessage msg = parsed.message();
        String topic = msg.topic();
        if (!subscriptions.containsKey(topic)) {
            return;
        }
        msg = msg.withId(config.messageIdFn().apply(msg));
        String id = Ids.key(msg.id());
        if (seen.contains(id)) {
            score.duplicate(id, p.id, topic, now);
            fulfilPromise(id);
            return;
        }
        MessageAuth.Failure bad = MessageAuth.verify(m, msg);
        if (bad != null) {
            // Not added to the seen cache: a forged copy must not shadow the real message (pitfall 10).
            LOG.debug("message from {} refused: {}", p.id, bad);
            score.rejected(null, p.id, topic, now);
            return;
        }
        if (pendingValidations >= config.maxPendingValidations()) {
            LOG.debug("validation queue full, dropping message from {}", p.id);
            return;
        }
        seen.add(id, now);
        fulfilPromise(id);
        score.validating(id, now);
        validate(msg, m, p.id, id, null);
    }

    private void fulfilPromise(String id) {
        promises.remove(id);
    }

    /** Runs the topic's validator (if any); {@code published} is non-null for our own messages. */
    private void validate(PubsubMessage msg, Rpc.Message wire, PeerId source, String id,
            CompletableFuture<byte[]> published) {
        Validator v = validators.get(msg.topic());
        if (v == null) {
            finish(msg, wire, source, id, published, ValidationResult.ACCEPT);
            return;
        }
        pendingValidations++;
        CompletionStage<ValidationResult> stage;
        try {
            stage = v.validate(source, msg);
        } catch (RuntimeException e) {
            LOG.warn("validator for {} threw", msg.topic(), e);
            stage = CompletableFuture.completedFuture(ValidationResult.IGNORE);
        }
        stage.whenComplete((result, error) -> {
            ValidationResult r = error != null || result == null ? ValidationResult.IGNORE : result;
            runLater(() -> validated(msg, wire, source, id, published, r));
        });
    }

    private synchronized void validated(PubsubMessage msg, Rpc.Message wire, PeerId source, String id,
            CompletableFuture<byte[]> published, ValidationResult result) {
        pendingValidations--;
        finish(msg, wire, source, id, published, result);
        flush();
    }

    private void finish(PubsubMessage msg, Rpc.Message wire, PeerId source, String id,
            CompletableFuture<byte[]> published, ValidationResult result) {
        long now = now();
        if (published != null) {
            if (result == ValidationResult.ACCEPT) {
                publishAccepted(wire, msg.topic(), id, now);
                published.complete(msg.id());
            } else {
                seen.remove(id);
                published.completeExceptionally(new IllegalArgumentException("own message " + result + "ed by validator"));
            }
            return;
        }
        switch (result) {
            case ACCEPT -> {
                mcache.put(id, wire, msg.topic());
                score.delivered(id, source, msg.topic(), now);
                deliver(msg);
                forward(wire, msg.topic(), source, msg.from());
            }
            case REJECT -> score.rejected(id, source, msg.topic(), now);
            case IGNORE -> score.ignored(id);
        }
    }

    private void deliver(PubsubMessage msg) {
        Consumer<PubsubMessage> c = subscriptions.get(msg.topic());
        if (c != null) {
            runLater(() -> {
                try {
                    c.accept(msg);
                } catch (RuntimeException e) {
                    LOG.warn("subscriber of {} threw", msg.topic(), e);
                }
            });
        }
    }

    private void runLater(Runnable r) {
        try {
            scheduler.execute(r);
        } catch (RejectedExecutionException e) {
            LOG.debug("router closed; dropping a task");
        }
    }

    /** Forwards a validated message to the mesh and to floodsub peers, never back to its source or author. */
    private void forward(Rpc.Message wire, String topic, PeerId source, PeerId author) {
        Set<PeerId> to = new LinkedHashSet<>(mesh.getOrDefault(topic, Set.of()));
        for (PeerId p : topicPeers.getOrDefault(topic, Set.of())) {
            Peer peer = peers.get(p);
            if (peer != null && !peer.meshsub()) {
                to.add(p);
            }
        }
        to.remove(source);
        to.remove(author);
        Rpc rpc = Rpc.ofMessages(List.of(wire));
        for (PeerId p : to) {
            net.send(p, rpc);
        }
    }

    // ---- control -------------------------------------------------------------------------------

    private void handleIHave(Peer p, List<Rpc.IHave> ihaves, long now) {
        if (ihaves.isEmpty() || !p.meshsub()) {
            return;
        }
        p.ihaveReceived++;
        if (p.ihaveReceived > params.maxIHaveMessages()) {
            if (!p.ihaveFloodPenalised) {
                p.ihaveFloodPenalised = true;
                score.addPenalty(p.id, 1);
            }
            return;
        }
        if (p.idsAsked >= params.maxIHaveLength()) {
            return;
        }
        Set<String> want = new LinkedHashSet<>();
        for (Rpc.IHave ih : ihaves) {
            if (ih.topic() == null || !mesh.containsKey(ih.topic())) {
                continue;
            }
            for (byte[] raw : ih.messageIds()) {
                String id = Ids.key(raw);
                if (!seen.contains(id)) {
                    want.add(id);
                }
            }
        }
        if (want.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(want);
        Collections.shuffle(ids, config.random());
        int n = Math.min(ids.size(), params.maxIHaveLength() - p.idsAsked);
        ids = ids.subList(0, n);
        p.idsAsked += n;
        // Track one random ID of the request, as go does: enough to catch a peer that never delivers.
        String tracked = ids.get(config.random().nextInt(ids.size()));
        promises.computeIfAbsent(tracked, k -> new LinkedHashMap<>())
                .putIfAbsent(p.id, now + params.iwantFollowupTime().toMillis());
        control(p.id).iwant.add(new Rpc.IWant(ids.stream().map(Ids::bytes).toList()));
    }

    private void handleIWant(Peer p, List<Rpc.IWant> iwants) {
        List<Rpc.Message> out = new ArrayList<>();
        int bytes = 0;
        Set<String> done = new HashSet<>();
        for (Rpc.IWant iw : iwants) {
            for (byte[] raw : iw.messageIds()) {
                String id = Ids.key(raw);
                if (!done.add(id)) {
                    continue;
                }
                Rpc.Message m = mcache.serve(id, p.id);
                if (m == null) {
                    continue;
                }
                int size = RpcCodec.encodeMessage(m).length + 8;
                if (bytes + size > params.maxRpcBytes() && !out.isEmpty()) {
                    net.send(p.id, Rpc.ofMessages(out));
                    out = new ArrayList<>();
                    bytes = 0;
                }
                out.add(m);
                bytes += size;
            }
        }
        if (!out.isEmpty()) {
            net.send(p.id, Rpc.ofMessages(out));
        }
    }

    private void handleGraft(Peer p, List<Rpc.Graft> grafts, long now) {
        for (Rpc.Graft g : grafts) {
            String topic = g.topic();
            Set<PeerId> m = topic == null ? null : mesh.get(topic);
            if (m == null || m.contains(p.id) || !p.meshsub()) {
                // Not subscribed: ignore, and do not answer with PRUNE (checklist §9).
                continue;
            }
            Long until = backoffUntil(topic, p.id);
            if (until != null && now < until) {
                score.addPenalty(p.id, 1);
                // Within GraftFloodThreshold of the PRUNE that started the backoff: penalised twice.
                long floodCutoff = until + params.graftFloodThreshold().toMillis() - params.pruneBackoff().toMillis();
                if (now < floodCutoff) {
                    score.addPenalty(p.id, 1);
                }
                addBackoff(topic, p.id, params.pruneBackoff().toMillis(), now);
                control(p.id).prune.add(prune(p.id, topic, false, params.pruneBackoff().toSeconds()));
                continue;
            }
            if (score.score(p.id, now) < 0) {
                addBackoff(topic, p.id, params.pruneBackoff().toMillis(), now);
                control(p.id).prune.add(prune(p.id, topic, false, params.pruneBackoff().toSeconds()));
                continue;
            }
            if (m.size() >= params.dHi() && !p.outbound) {
                addBackoff(topic, p.id, params.pruneBackoff().toMillis(), now);
                control(p.id).prune.add(prune(p.id, topic, true, params.pruneBackoff().toSeconds()));
                continue;
            }
            m.add(p.id);
            score.graft(p.id, topic, now);
            offerGossipWindow(topic, p.id);
        }
    }

    private void handlePrune(Peer p, List<Rpc.Prune> prunes, long now) {
        for (Rpc.Prune pr : prunes) {
            String topic = pr.topic();
            if (topic == null) {
                continue;
            }
            Set<PeerId> m = mesh.get(topic);
            if (m != null && m.remove(p.id)) {
                score.prune(p.id, topic);
            }
            long seconds = pr.backoffSeconds() == null || pr.backoffSeconds() < 0
                    ? params.pruneBackoff().toSeconds()
                    : Math.min(pr.backoffSeconds(), MAX_BACKOFF_SECONDS);
            addBackoff(topic, p.id, seconds * 1000, now);
            if (!pr.peers().isEmpty()) {
                if (score.score(p.id, now) >= thresholds.acceptPX()) {
                    acceptPeerExchange(pr.peers());
                } else {
                    LOG.debug("ignoring PX from {}: score below acceptPX", p.id);
                }
            }
        }
    }

    private void acceptPeerExchange(List<Rpc.PeerInfo> offered) {
        int n = 0;
        for (Rpc.PeerInfo info : offered) {
            if (n >= params.prunePeers()) {
                return;
            }
            if (info.peerId() == null) {
                continue;
            }
            PeerId peer;
            try {
                peer = PeerId.fromBytes(info.peerId());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (peer.equals(self) || peers.containsKey(peer)) {
                continue;
            }
            n++;
            net.peerExchange(peer, info.signedPeerRecord());
        }
    }

    private Rpc.Prune prune(PeerId to, String topic, boolean doPx, long backoffSeconds) {
        Peer p = peers.get(to);
        if (p == null || !MESHSUB_11.equals(p.protocol)) {
            // v1.0 peers get neither PX nor backoff (pitfall 11).
            return new Rpc.Prune(topic, List.of(), null);
        }
        List<Rpc.PeerInfo> px = new ArrayList<>();
        if (doPx && score.score(to, now()) >= 0) {
            for (PeerId candidate : shuffled(topicPeers.getOrDefault(topic, Set.of()))) {
                if (px.size() >= params.prunePeers()) {
                    break;
                }
                if (!candidate.equals(to) && score.score(candidate, now()) >= 0) {
                    px.add(new Rpc.PeerInfo(candidate.toBytes(), net.signedPeerRecord(candidate)));
                }
            }
        }
        return new Rpc.Prune(topic, px, backoffSeconds);
    }

    private Long backoffUntil(String topic, PeerId peer) {
        Map<PeerId, Long> b = backoff.get(topic);
        return b == null ? null : b.get(peer);
    }

    /** Whether we must not GRAFT {@code peer}: backoff plus slack (spec: wait a little past it). */
    private boolean inBackoffWithSlack(String topic, PeerId peer, long now) {
        Long until = backoffUntil(topic, peer);
        return until != null && now < until + params.backoffSlackHeartbeats() * params.heartbeatInterval().toMillis();
    }

    private void addBackoff(String topic, PeerId peer, long millis, long now) {
        backoff.computeIfAbsent(topic, k -> new HashMap<>()).merge(peer, now + millis, Math::max);
    }

    private Rpc.ControlBuilder control(PeerId peer) {
        return pendingControl.computeIfAbsent(peer, k -> new Rpc.ControlBuilder());
    }

    private void flush() {
        if (pendingControl.isEmpty()) {
            return;
        }
        for (Map.Entry<PeerId, Rpc.ControlBuilder> e : pendingControl.entrySet()) {
            if (!e.getValue().isEmpty() && peers.containsKey(e.getKey())) {
                net.send(e.getKey(), Rpc.ofControl(e.getValue().build()));
            }
        }
        pendingControl.clear();
    }

    // ---- application ---------------------------------------------------------------------------

    synchronized void subscribe(String topic, Consumer<PubsubMessage> onMessage) {
        if (subscriptions.put(topic, onMessage) != null) {
            return;
        }
        announce(topic, true);
        long now = now();
        Set<PeerId> m = new LinkedHashSet<>();
        Set<PeerId> f = fanout.remove(topic);
        fanoutLastPublish.remove(topic);
        if (f != null) {
            for (PeerId p : f) {
                if (score.score(p, now) >= 0 && !inBackoffWithSlack(topic, p, now) && m.size() < params.d()) {
                    m.add(p);
                }
            }
        }
        if (m.size() < params.d()) {
            for (PeerId p : graftCandidates(topic, m, now)) {
                if (m.size() >= params.d()) {
                    break;
                }
                m.add(p);
            }
        }
        mesh.put(topic, m);
        for (PeerId p : m) {
            score.graft(p, topic, now);
            control(p).graft.add(new Rpc.Graft(topic));
            offerGossipWindow(topic, p);
        }
        flush();
    }

    synchronized void unsubscribe(String topic) {
        if (subscriptions.remove(topic) == null) {
            return;
        }
        announce(topic, false);
        long now = now();
        Set<PeerId> m = mesh.remove(topic);
        if (m != null) {
            for (PeerId p : m) {
                score.prune(p, topic);
                addBackoff(topic, p, params.unsubscribeBackoff().toMillis(), now);
                control(p).prune.add(prune(p, topic, true, params.unsubscribeBackoff().toSeconds()));
            }
        }
        flush();
    }

    private void announce(String topic, boolean subscribe) {
        Rpc rpc = new Rpc(List.of(new Rpc.SubOpts(subscribe, topic)), List.of(), null);
        for (PeerId p : peers.keySet()) {
            net.send(p, rpc);
        }
    }

    synchronized void setValidator(String topic, Validator validator) {
        if (validator == null) {
            validators.remove(topic);
        } else {
            validators.put(topic, validator);
        }
    }

    /** Signs and publishes; completes with the message ID once our own validator (if any) accepted it. */
    synchronized CompletableFuture<byte[]> publish(String topic, byte[] data) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        long seqno = nextSeqno++;
        Rpc.Message wire = MessageAuth.sign(key, self, data, seqno, topic);
        if (RpcCodec.encodeMessage(wire).length + 16 > params.maxRpcBytes()) {
            result.completeExceptionally(new IllegalArgumentException(
                    "message of " + data.length + " bytes does not fit in one RPC of " + params.maxRpcBytes()));
            return result;
        }
        PubsubMessage msg = new PubsubMessage(self, data, seqno, topic, null, self);
        msg = msg.withId(config.messageIdFn().apply(msg));
        String id = Ids.key(msg.id());
        long now = now();
        if (!seen.add(id, now)) {
            result.completeExceptionally(new IllegalStateException("a message with this ID was already seen"));
            return result;
        }
        validate(msg, wire, self, id, result);
        flush();
        return result;
    }

    private void publishAccepted(Rpc.Message wire, String topic, String id, long now) {
        mcache.put(id, wire, topic);
        Set<PeerId> to = new LinkedHashSet<>();
        Set<PeerId> inTopic = topicPeers.getOrDefault(topic, Set.of());
        if (!subscriptions.containsKey(topic)) {
            fanoutLastPublish.put(topic, now);
            Set<PeerId> f = fanout.computeIfAbsent(topic, k -> new LinkedHashSet<>());
            if (f.size() < params.d()) {
                for (PeerId p : shuffled(inTopic)) {
                    Peer peer = peers.get(p);
                    if (f.size() >= params.d()) {
                        break;
                    }
                    if (peer != null && peer.meshsub() && score.score(p, now) >= thresholds.publish()) {
                        f.add(p);
                    }
                }
            }
        }
        if (params.floodPublish()) {
            for (PeerId p : inTopic) {
                if (score.score(p, now) >= thresholds.publish()) {
                    to.add(p);
                }
            }
        } else {
            to.addAll(subscriptions.containsKey(topic) ? mesh.getOrDefault(topic, Set.of())
                    : fanout.getOrDefault(topic, Set.of()));
            for (PeerId p : inTopic) {
                Peer peer = peers.get(p);
                if (peer != null && !peer.meshsub() && score.score(p, now) >= thresholds.publish()) {
                    to.add(p);
                }
            }
        }
        Rpc rpc = Rpc.ofMessages(List.of(wire));
        for (PeerId p : to) {
            net.send(p, rpc);
        }
    }

    // ---- heartbeat -----------------------------------------------------------------------------

    private void heartbeatSafely() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            LOG.error("gossipsub heartbeat failed", e);
        }
    }

    synchronized void heartbeat() {
        long now = now();
        heartbeats++;
        for (Peer p : peers.values()) {
            p.ihaveReceived = 0;
            p.idsAsked = 0;
            p.ihaveFloodPenalised = false;
        }
        applyBrokenPromises(now);
        expireBackoffs(now);

        Map<PeerId, List<String>> toGraft = new LinkedHashMap<>();
        Map<PeerId, List<String>> toPrune = new LinkedHashMap<>();
        Set<PeerId> noPx = new HashSet<>();
        for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
            maintainMesh(e.getKey(), e.getValue(), now, toGraft, toPrune, noPx);
            emitGossip(e.getKey(), e.getValue(), now);
        }
        maintainFanout(now);
        for (Map.Entry<PeerId, List<String>> e : toGraft.entrySet()) {
            for (String topic : e.getValue()) {
                control(e.getKey()).graft.add(new Rpc.Graft(topic));
            }
        }
        for (Map.Entry<PeerId, List<String>> e : toPrune.entrySet()) {
            for (String topic : e.getValue()) {
                control(e.getKey()).prune.add(
                        prune(e.getKey(), topic, !noPx.contains(e.getKey()), params.pruneBackoff().toSeconds()));
            }
        }
        flush();
        mcache.shift();
        seen.expire(now);
        if (now - lastDecayMillis >= config.scoreParams().decayInterval().toMillis()) {
            score.decay(now);
            lastDecayMillis = now;
        }
    }

    private void applyBrokenPromises(long now) {
        Iterator<Map.Entry<String, Map<PeerId, Long>>> it = promises.entrySet().iterator();
        while (it.hasNext()) {
            Map<PeerId, Long> byPeer = it.next().getValue();
            Iterator<Map.Entry<PeerId, Long>> pit = byPeer.entrySet().iterator();
            while (pit.hasNext()) {
                Map.Entry<PeerId, Long> p = pit.next();
                if (now >= p.getValue()) {
                    LOG.debug("{} broke an IWANT promise", p.getKey());
                    score.addPenalty(p.getKey(), 1);
                    pit.remove();
                }
            }
            if (byPeer.isEmpty()) {
                it.remove();
            }
        }
    }

    private void expireBackoffs(long now) {
        long slack = params.backoffSlackHeartbeats() * params.heartbeatInterval().toMillis();
        for (Iterator<Map<PeerId, Long>> it = backoff.values().iterator(); it.hasNext(); ) {
            Map<PeerId, Long> b = it.next();
            b.values().removeIf(until -> now >= until + slack);
            if (b.isEmpty()) {
                it.remove();
            }
        }
    }

    private void maintainMesh(String topic, Set<PeerId> m, long now, Map<PeerId, List<String>> toGraft,
            Map<PeerId, List<String>> toPrune, Set<PeerId> noPx) {
        for (PeerId p : List.copyOf(m)) {
            if (score.score(p, now) < 0) {
                m.remove(p);
                score.prune(p, topic);
                addBackoff(topic, p, params.pruneBackoff().toMillis(), now);
                toPrune.computeIfAbsent(p, k -> new ArrayList<>()).add(topic);
                noPx.add(p);
            }
        }
        if (m.size() < params.dLo()) {
            int need = params.d() - m.size();
            for (PeerId p : graftCandidates(topic, m, now)) {
                if (need-- <= 0) {
                    break;
                }
                graftInHeartbeat(topic, m, p, now, toGraft);
            }
        }
        if (m.size() > params.dHi()) {
            List<PeerId> keep = selectSurvivors(m, now);
            for (PeerId p : List.copyOf(m)) {
                if (!keep.contains(p)) {
                    m.remove(p);
                    score.prune(p, topic);
                    addBackoff(topic, p, params.pruneBackoff().toMillis(), now);
                    toPrune.computeIfAbsent(p, k -> new ArrayList<>()).add(topic);
                }
            }
        }
        if (m.size() >= params.dLo()) {
            long outbound = m.stream().filter(this::isOutbound).count();
            if (outbound < params.dOut()) {
                long need = params.dOut() - outbound;
                for (PeerId p : graftCandidates(topic, m, now)) {
                    if (need <= 0) {
                        break;
                    }
                    if (isOutbound(p)) {
                        graftInHeartbeat(topic, m, p, now, toGraft);
                        need--;
                    }
                }
            }
        }
        if (params.opportunisticGraftTicks() > 0 && heartbeats % params.opportunisticGraftTicks() == 0
                && m.size() > 1) {
            List<Double> scores = m.stream().map(p -> score.score(p, now)).sorted().toList();
            double median = scores.get(scores.size() / 2);
            if (median < thresholds.opportunisticGraft()) {
                int n = params.opportunisticGraftPeers();
                for (PeerId p : graftCandidates(topic, m, now)) {
                    if (n <= 0) {
                        break;
                    }
                    if (score.score(p, now) > median) {
                        graftInHeartbeat(topic, m, p, now, toGraft);
                        n--;
                    }
                }
            }
        }
    }

    private void graftInHeartbeat(String topic, Set<PeerId> m, PeerId p, long now, Map<PeerId, List<String>> toGraft) {
        m.add(p);
        score.graft(p, topic, now);
        toGraft.computeIfAbsent(p, k -> new ArrayList<>()).add(topic);
        offerGossipWindow(topic, p);
    }

    /**
     * The D peers kept when the mesh is over D_hi: the best D_score by score, then random others,
     * with at least D_out outbound peers when the mesh has them.
     */
    private List<PeerId> selectSurvivors(Set<PeerId> m, long now) {
        List<PeerId> byScore = shuffled(m);
        Map<PeerId, Double> scores = new HashMap<>();
        for (PeerId p : byScore) {
            scores.put(p, score.score(p, now));
        }
        byScore.sort(Comparator.comparingDouble((PeerId p) -> scores.get(p)).reversed());
        List<PeerId> keep = new ArrayList<>(byScore.subList(0, params.dScore()));
        List<PeerId> rest = new ArrayList<>(byScore.subList(params.dScore(), byScore.size()));
        Collections.shuffle(rest, config.random());
        // Outbound peers first among the randomly kept, so D_out survive if the mesh has them.
        List<PeerId> ordered = new ArrayList<>();
        long outboundKept = keep.stream().filter(this::isOutbound).count();
        for (PeerId p : rest) {
            if (isOutbound(p) && outboundKept < params.dOut()) {
                ordered.add(p);
                outboundKept++;
            }
        }
        for (PeerId p : rest) {
            if (!ordered.contains(p)) {
                ordered.add(p);
            }
        }
        for (PeerId p : ordered) {
            if (keep.size() >= params.d()) {
                break;
            }
            keep.add(p);
        }
        return keep;
    }

    /** Peers we may graft into {@code topic}: subscribed meshsub peers not in it, out of backoff, score ≥ 0. */
    private List<PeerId> graftCandidates(String topic, Set<PeerId> exclude, long now) {
        List<PeerId> out = new ArrayList<>();
        for (PeerId p : shuffled(topicPeers.getOrDefault(topic, Set.of()))) {
            Peer peer = peers.get(p);
            if (peer != null && peer.meshsub() && !exclude.contains(p) && !inBackoffWithSlack(topic, p, now)
                    && score.score(p, now) >= 0) {
                out.add(p);
            }
        }
        return out;
    }

    private boolean isOutbound(PeerId p) {
        Peer peer = peers.get(p);
        return peer != null && peer.outbound;
    }

    private void maintainFanout(long now) {
        for (Iterator<Map.Entry<String, Set<PeerId>>> it = fanout.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Set<PeerId>> e = it.next();
            String topic = e.getKey();
            Long last = fanoutLastPublish.get(topic);
            if (last == null || now - last >= params.fanoutTtl().toMillis()) {
                it.remove();
                fanoutLastPublish.remove(topic);
                continue;
            }
            Set<PeerId> f = e.getValue();
            Set<PeerId> inTopic = topicPeers.getOrDefault(topic, Set.of());
            f.removeIf(p -> !inTopic.contains(p) || score.score(p, now) < thresholds.publish());
            if (f.size() < params.d()) {
                for (PeerId p : shuffled(inTopic)) {
                    if (f.size() >= params.d()) {
                        break;
                    }
                    Peer peer = peers.get(p);
                    if (peer != null && peer.meshsub() && score.score(p, now) >= thresholds.publish()) {
                        f.add(p);
                    }
                }
            }
            emitGossip(topic, f, now);
        }
    }

    /** IHAVE of the newest gossip windows to max(D_lazy, factor × eligible) non-mesh peers above the gossip threshold. */
    private void emitGossip(String topic, Set<PeerId> exclude, long now) {
        List<String> ids = mcache.gossipIds(topic);
        if (ids.isEmpty()) {
            return;
        }
        List<PeerId> candidates = new ArrayList<>();
        for (PeerId p : shuffled(topicPeers.getOrDefault(topic, Set.of()))) {
            Peer peer = peers.get(p);
            if (peer != null && peer.meshsub() && !exclude.contains(p) && score.score(p, now) >= thresholds.gossip()) {
                candidates.add(p);
            }
        }
        int target = Math.max(params.dLazy(), (int) (params.gossipFactor() * candidates.size()));
        for (PeerId p : candidates.subList(0, Math.min(target, candidates.size()))) {
            ihave(p, topic, ids);
        }
    }

    /**
     * {@code peer} just joined our mesh for {@code topic} (we grafted it, or accepted its GRAFT): offer it
     * our gossip window. Whatever we received while it was outside the mesh was forwarded to the mesh only,
     * and from now on the heartbeat's gossip skips it as a mesh peer — a peer grafted in the same heartbeat
     * that would have gossiped to it never hears of those messages at all. The IHAVE closes that gap;
     * what it already has it does not ask for.
     */
    private void offerGossipWindow(String topic, PeerId peer) {
        List<String> ids = mcache.gossipIds(topic);
        if (!ids.isEmpty()) {
            ihave(peer, topic, ids);
        }
    }

    /** Queues an IHAVE of {@code ids} (at most {@code maxIHaveLength}, chosen at random) for {@code peer}. */
    private void ihave(PeerId peer, String topic, List<String> ids) {
        List<String> send = ids;
        if (send.size() > params.maxIHaveLength()) {
            send = new ArrayList<>(ids);
            Collections.shuffle(send, config.random());
            send = send.subList(0, params.maxIHaveLength());
        }
        control(peer).ihave.add(new Rpc.IHave(topic, send.stream().map(Ids::bytes).toList()));
    }

    /** Sorted, then shuffled with the injected random source: deterministic for a given seed. */
    private List<PeerId> shuffled(Collection<PeerId> in) {
        List<PeerId> list = new ArrayList<>(in);
        Collections.sort(list);
        Collections.shuffle(list, config.random());
        return list;
    }

    // ---- queries -------------------------------------------------------------------------------

    synchronized Set<PeerId> topicPeers(String topic) {
        return Set.copyOf(topicPeers.getOrDefault(topic, Set.of()));
    }

    synchronized Set<PeerId> meshPeers(String topic) {
        return Set.copyOf(mesh.getOrDefault(topic, Set.of()));
    }

    synchronized Set<PeerId> fanoutPeers(String topic) {
        return Set.copyOf(fanout.getOrDefault(topic, Set.of()));
    }

    synchronized double score(PeerId peer) {
        return score.score(peer, now());
    }

    synchronized boolean inBackoff(String topic, PeerId peer) {
        Long until = backoffUntil(topic, peer);
        return until != null && now() < until;
    }

    synchronized int promisesOutstanding() {
        return promises.values().stream().mapToInt(Map::size).sum();
    }

    synchronized boolean seen(byte[] id) {
        return seen.contains(Ids.key(id));
    }

    synchronized PeerScore.PeerStats scoreStats(PeerId peer) {
        return score.stats(peer);
    }
}
