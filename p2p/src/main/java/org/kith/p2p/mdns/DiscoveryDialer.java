package org.kith.p2p.mdns;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.kith.p2p.Host;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.protocol.identity.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a host to the peers a discovery reports: a {@code Consumer<DiscoveredPeer>} to pass
 * to {@link MdnsDiscovery}.
 *
 * <p>For each report: ignores ourselves, peers already connected and peers with a dial in flight;
 * otherwise tries the addresses in the order given until one connects. When all fail, the peer
 * waits out a backoff — {@code baseBackoff} doubling per consecutive failure, capped at
 * {@code maxBackoff} — and is dialed again at the first report after it (peers re-announce about
 * every query interval). A success forgets the failures. At most {@link #MAX_TRACKED_PEERS} peers
 * are remembered, so a flood of fake announcements cannot grow memory; beyond that, new peers wait
 * until entries expire.
 *
 * <p>Thread-safe; {@code accept} never blocks (the dials are asynchronous).
 */
public final class DiscoveryDialer implements Consumer<DiscoveredPeer> {

    /** Above the host's own first per-address backoff (5 s), so a retry is never refused at once. */
    public static final Duration DEFAULT_BASE_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);
    public static final int MAX_TRACKED_PEERS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryDialer.class);

    private final Host host;
    private final LongSupplier nanoClock;
    private final long baseBackoffNanos;
    private final long maxBackoffNanos;
    private final Map<PeerId, State> peers = new HashMap<>();

    private static final class State {
        boolean dialing;
        int failures;
        long notBeforeNanos;
    }

    public DiscoveryDialer(Host host) {
        this(host, System::nanoTime, DEFAULT_BASE_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** @param nanoClock a monotonic clock in nanoseconds (tests pass a settable one) */
    public DiscoveryDialer(Host host, LongSupplier nanoClock, Duration baseBackoff, Duration maxBackoff) {
        this.host = Objects.requireNonNull(host, "host");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        if (baseBackoff.isNegative() || baseBackoff.isZero() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < baseBackoff <= maxBackoff");
        }
        this.baseBackoffNanos = baseBackoff.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
    }

    @Override
    public void accept(DiscoveredPeer found) {
        PeerId peer = found.peer();
        if (peer.equals(host.peerId()) || host.connectedPeers().contains(peer)) {
            return;
        }
        long now = nanoClock.getAsLong();
        synchronized (peers) {
            State state = peers.get(peer);
            if (state == null) {
                if (peers.size() >= MAX_TRACKED_PEERS && !evictExpired(now)) {
                    LOG.debug("not dialing {}: tracking {} peers already", peer, MAX_TRACKED_PEERS);
                    return;
                }
                state = new State();
                peers.put(peer, state);
            }
            if (state.dialing || now - state.notBeforeNanos < 0) {
                return;
            }
            state.dialing = true;
        }
        LOG.debug("dialing discovered peer {}", peer);
        dial(peer, found.addrs(), 0);
    }

    /** Whether {@code peer} is waiting out a backoff after failed dials. */
    public boolean inBackoff(PeerId peer) {
        synchronized (peers) {
            State state = peers.get(peer);
            return state != null && !state.dialing && state.failures > 0
                    && nanoClock.getAsLong() - state.notBeforeNanos < 0;
        }
    }

    private void dial(PeerId peer, List<Multiaddr> addrs, int index) {
        CompletableFuture<PeerId> attempt;
        try {
            attempt = host.dial(addrs.get(index));
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete((connected, error) -> {
            if (error == null) {
                LOG.info("connected to discovered peer {} at {}", peer, addrs.get(index));
                synchronized (peers) {
                    peers.remove(peer);
                }
            } else if (index + 1 < addrs.size()) {
                dial(peer, addrs, index + 1);
            } else {
                failed(peer, error);
            }
        });
    }

    private void failed(PeerId peer, Throwable error) {
        synchronized (peers) {
            State state = peers.get(peer);
            if (state == null) {
                return;
            }
            state.dialing = false;
            state.failures++;
            int shift = Math.min(state.failures - 1, 30);
            long backoff = Math.min(maxBackoffNanos, baseBackoffNanos << shift);
            if (backoff <= 0) {
                backoff = maxBackoffNanos;
            }
            state.notBeforeNanos = nanoClock.getAsLong() + backoff;
            LOG.debug("dialing discovered peer {} failed ({} in a row), next try after {} ms: {}", peer,
                    state.failures, backoff / 1_000_000, error.toString());
        }
    }

    private boolean evictExpired(long now) {
        int before = peers.size();
        peers.values().removeIf(s -> !s.dialing && now - s.notBeforeNanos >= 0);
        return peers.size() < before;
    }
}
