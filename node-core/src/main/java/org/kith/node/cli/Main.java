package org.kith.node.cli;

import java.io.IOException;
import org.kith.node.KithException;
import org.kith.node.bundle.BundleFormatException;
import org.kith.node.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Entry point of the {@code kith} command line. Exit codes: 0 success, 1 user error (one line
 * on stderr, no stack trace), 2 usage error.
 */
public final class Main {

    public static final int EXIT_OK = 0;
    public static final int EXIT_USER_ERROR = 1;
    public static final int EXIT_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs one command line; returns the exit code. Never throws. */
    public static int run(CliContext context, String... args) {
        CommandLine cl = new CommandLine(new KithCommand(context));
        cl.setOut(context.out);
        cl.setErr(context.err);
        cl.setCaseInsensitiveEnumValuesAllowed(false);
        cl.setParameterExceptionHandler((e, a) -> {
            context.err.println("kith: " + e.getMessage());
            CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
            context.err.println("Try '" + spec.qualifiedName() + " --help' for usage.");
            context.err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            context.err.println("kith: " + message(e));
            context.err.flush();
            if (!(e instanceof KithException || e instanceof BundleFormatException || e instanceof StoreException
                    || e instanceof IOException)) {
                LOG.debug("unexpected failure", e);
            }
            return EXIT_USER_ERROR;
        });
        int code = cl.execute(args);
        context.out.flush();
        context.err.flush();
        return code;
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s*\\R\\s*", " ");
    }
}
