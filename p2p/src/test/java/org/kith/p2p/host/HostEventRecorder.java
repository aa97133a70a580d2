package org.kith.p2p.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.kith.p2p.HostEvent;
import org.kith.protocol.identity.PeerId;

/** Records a host's events; tests wait on conditions over them with deadlines, never by sleeping. */
public final class HostEventRecorder implements Consumer<HostEvent> {

    private final List<HostEvent> events = new ArrayList<>();

    @Override
    public synchronized void accept(HostEvent event) {
        events.add(event);
        notifyAll();
    }

    public synchronized List<HostEvent> events() {
        return List.copyOf(events);
    }

    /** The first event matching, waiting up to {@code timeout}; empty if none came in time. */
    public synchronized <T extends HostEvent> Optional<T> within(Duration timeout, Class<T> type, Predicate<T> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (HostEvent e : events) {
                if (type.isInstance(e) && what.test(type.cast(e))) {
                    return Optional.of(type.cast(e));
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The first event of {@code type} about {@code peer}; fails the test if none comes in {@code timeout}. */
    public <T extends HostEvent> T await(Class<T> type, PeerId peer, Duration timeout) throws InterruptedException {
        return within(timeout, type, e -> e.peer().equals(peer)).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " for " + peer + " in " + events()));
    }
}
