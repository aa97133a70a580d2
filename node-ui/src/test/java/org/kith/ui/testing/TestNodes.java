package org.kith.ui.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kith.node.KithException;
import org.kith.node.KithHome;
import org.kith.node.cli.CliContext;
import org.kith.node.cli.Main;
import org.kith.ui.app.Identity;
import org.kith.ui.app.NodeSession;

/** Real data directories and node sessions for UI tests (real SQLite files, real keys). */
public final class TestNodes {

    private TestNodes() {
    }

    /** Runs one {@code kith} command in this JVM on {@code home}; requires exit 0 and returns stdout. */
    public static String kith(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), Clock.systemUTC(),
                p -> null);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", home.toString()));
        assertEquals(0, Main.run(ctx, all.toArray(String[]::new)), () -> "kith " + all + ": " + err);
        return out.toString().strip();
    }

    /** A new identity named {@code name} in {@code home}, without a passphrase. */
    public static Path identity(Path home, String name) {
        kith(home, "init", "--name", name, "--no-passphrase");
        return home;
    }

    /** Opens a session on {@code home} (unencrypted key); with a network on 127.0.0.1 and no mDNS if asked. */
    public static NodeSession session(Path home, boolean network) throws KithException {
        KithHome h = new KithHome(home);
        return NodeSession.open(Identity.open(h, null, Clock.systemUTC()), Clock.systemUTC(), network, "127.0.0.1",
                false);
    }
}
