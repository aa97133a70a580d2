package org.kith.ui.fx;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import javafx.application.Platform;

/**
 * Moves work onto the JavaFX application thread. node-core reports on its own threads (store
 * listeners, host events, background calls); a view touches nodes only on the FX thread.
 */
public final class Fx {

    private Fx() {
    }

    /** Runs {@code r} on the FX thread: now if already there, else soon. */
    public static void run(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    /** When {@code future} completes, calls {@code then(value, error)} on the FX thread. */
    public static <T> void whenDone(CompletableFuture<T> future, BiConsumer<T, Throwable> then) {
        future.whenComplete((v, e) -> run(() -> then.accept(v, e == null ? null : unwrap(e))));
    }

    /** The cause a user should read: past CompletionException and ExecutionException wrappers. */
    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Whether {@code node} is in a scene whose window is showing. */
    public static boolean isShowing(javafx.scene.Node node) {
        return node.getScene() != null && node.getScene().getWindow() != null
                && node.getScene().getWindow().isShowing();
    }

    /** One line for an inline error label. */
    public static String message(Throwable e) {
        Throwable t = unwrap(e);
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
