package org.kith.ui.trustmap;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link TrustMapSource} returning a graph the test sets; {@link #change} tells the listeners. */
final class FakeTrustMapSource implements TrustMapSource {

    volatile Graph graph;
    final AtomicInteger loads = new AtomicInteger();
    final List<Integer> limits = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    FakeTrustMapSource(Graph graph) {
        this.graph = graph;
    }

    @Override
    public CompletableFuture<Graph> load(int limit) {
        loads.incrementAndGet();
        limits.add(limit);
        return CompletableFuture.supplyAsync(() -> graph);
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    void change(Graph next) {
        graph = next;
        listeners.forEach(Runnable::run);
    }
}
