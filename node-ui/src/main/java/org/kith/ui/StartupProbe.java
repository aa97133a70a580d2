package org.kith.ui;

import java.lang.management.ManagementFactory;
import java.util.Map;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Start-up measurement for {@code scripts/bench-app.sh}: with {@code KITH_STARTUP_PROBE=1} the app
 * prints one line when the shell's first frame has been drawn after unlocking, with the time since
 * the JVM started; with {@code KITH_EXIT_AFTER_FIRST_FRAME=1} it then quits. The frame counts as
 * drawn at the second animation pulse after the shell was put in the window (the first pulse lays
 * it out and renders it; the second starts only once that frame is done). Off by default.
 */
final class StartupProbe {

    private StartupProbe() {
    }

    /** Call on the FX thread right after the shell became the window's content. */
    static void shellShown(Map<String, String> env, long stageShownMillis, long shellBuiltMillis) {
        if (!"1".equals(env.get("KITH_STARTUP_PROBE"))) {
            return;
        }
        boolean exit = "1".equals(env.get("KITH_EXIT_AFTER_FIRST_FRAME"));
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                if (++pulses < 2) {
                    return;
                }
                stop();
                long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
                long frame = System.currentTimeMillis();
                System.out.println("kith-startup: first-frame-ms=" + (frame - jvmStart) + " stage-shown-ms="
                        + (stageShownMillis - jvmStart) + " shell-built-ms=" + (shellBuiltMillis - jvmStart));
                System.out.flush();
                if (exit) {
                    Platform.exit();
                }
            }
        }.start();
    }
}
