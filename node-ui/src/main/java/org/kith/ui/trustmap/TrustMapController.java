package org.kith.ui.trustmap;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.scene.Node;
import javafx.util.Duration;
import org.kith.ui.fx.Fx;
import org.kith.ui.shell.Screen;
import org.kith.ui.trustmap.TrustMapSource.Graph;
import org.kith.ui.trustmap.TrustMapSource.Person;

/**
 * The Trust map screen: the user's trust network drawn around them (people sized by trust, vouches
 * as arrows, the user's distrust in red, forked feeds marked), pan and zoom, a person opens on
 * click. Loads and lays out off the FX thread; records that may change trust redraw it, coalesced
 * ({@link #SETTLE}), and only while it is shown (else on the next show). FX thread only.
 */
public final class TrustMapController implements Screen {

    /** At most this many people (the most trusted) are drawn. */
    public static final int LIMIT = 150;
    /** Quiet time after a change before redrawing: a catch-up brings records in bursts. */
    public static final Duration SETTLE = Duration.millis(400);

    private final TrustMapSource source;
    private final Consumer<String> openPerson;
    private final int limit;
    private final TrustMapModel model = new TrustMapModel();
    private final TrustMapView view;
    private final PauseTransition settle = new PauseTransition(SETTLE);
    private final AtomicBoolean changeQueued = new AtomicBoolean();
    private boolean stale = true;
    private CompletableFuture<Void> inFlight;
    private boolean again;

    /** @param openPerson opens a person (their peer ID) elsewhere in the app: the People screen */
    public TrustMapController(TrustMapSource source, Consumer<String> openPerson) {
        this(source, openPerson, LIMIT);
    }

    TrustMapController(TrustMapSource source, Consumer<String> openPerson, int limit) {
        this.source = source;
        this.openPerson = openPerson;
        this.limit = limit;
        this.view = new TrustMapView(model, this);
        settle.setOnFinished(e -> {
            if (view.isShowing()) {
                reload();
            } else {
                stale = true;
            }
        });
        source.onChange(() -> {
            if (changeQueued.compareAndSet(false, true)) {
                Fx.run(() -> {
                    changeQueued.set(false);
                    settle.playFromStart();
                });
            }
        });
    }

    @Override
    public Node root() {
        return view.root();
    }

    @Override
    public void onShow() {
        if (stale) {
            reload();
        }
    }

    TrustMapModel model() {
        return model;
    }

    TrustMapView view() {
        return view;
    }

    /** Loads and lays out the map; completes on the FX thread once the model shows it. */
    CompletableFuture<Void> reload() {
        if (inFlight != null && !inFlight.isDone()) {
            again = true;
            return inFlight;
        }
        stale = false;
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight = done;
        record Loaded(Graph graph, TrustLayout.Layout layout) {
        }
        // The layout is computed where the graph was loaded: off the FX thread.
        Fx.whenDone(source.load(limit).thenApply(g -> new Loaded(g, TrustLayout.layout(g))), (v, e) -> {
            model.loading.set(false);
            if (e != null) {
                model.error.set("Cannot draw the trust map: " + Fx.message(e));
            } else {
                model.error.set("");
                show(v.graph(), v.layout());
            }
            done.complete(null);
            if (again) {
                again = false;
                reload();
            }
        });
        return done;
    }

    private void show(Graph g, TrustLayout.Layout layout) {
        if (g.equals(model.graph.get())) {
            return;
        }
        boolean first = model.graph.get() == null;
        model.graph.set(g);
        model.people.setAll(g.people().stream().filter(p -> !p.user()).toList());
        long shown = g.people().stream().filter(p -> !p.user() && p.trust() > 0).count();
        model.note.set(g.capped() ? "Showing the " + shown + " most trusted of " + String.format("%,d", g.trusted())
                + " people you trust" : "");
        model.empty.set(g.people().size() <= 1);
        model.layout.set(layout);
        view.draw(layout, first);
    }

    /** A person was clicked (on the map or chosen in the list). */
    void onOpen(Person p) {
        if (p != null && !p.user()) {
            openPerson.accept(p.peerId());
        }
    }

    void onHighlight(String peerId) {
        model.highlighted.set(peerId);
    }
}
