package org.kith.ui.fx;

import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * Turns a burst of requests from any thread into one action on the FX thread: the first request
 * starts a pause of {@code delay}, requests during it change nothing, and the action runs when it
 * ends. Screens use it to reload once for many arriving records.
 */
public final class Coalescer {

    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Duration delay;
    private final Runnable action;
    private PauseTransition pause;

    public Coalescer(Duration delay, Runnable action) {
        this.delay = delay;
        this.action = action;
    }

    /** Asks for the action; any thread. */
    public void request() {
        if (scheduled.compareAndSet(false, true)) {
            Fx.run(() -> {
                if (pause == null) {
                    pause = new PauseTransition(delay);
                    pause.setOnFinished(e -> {
                        scheduled.set(false);
                        action.run();
                    });
                }
                pause.playFromStart();
            });
        }
    }
}
