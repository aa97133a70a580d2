package org.kith.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one {@code kith} command in this JVM on a data directory; requires exit 0 and returns stdout. */
public final class InProcessCli {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessCli.class);

    private InProcessCli() {
    }

    public static String run(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), Clock.systemUTC(), p -> null);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", home.toString()));
        assertEquals(0, Main.run(ctx, all.toArray(String[]::new)), () -> "kith " + all + ": " + err);
        if (err.getBuffer().length() > 0) {
            LOG.warn("kith {}: {}", all, err);
        }
        return out.toString();
    }
}
