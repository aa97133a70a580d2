package org.kith.node.cli;

import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Pattern;
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
            context.err.println("kith: " + usageMessage(e, a));
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

    /**
     * The usage error's message, minus any recovery phrase: picocli echoes unmatched arguments,
     * and {@code kith init --restore w1 w2 … w24} (quotes forgotten) would print 23 of the words.
     */
    static String usageMessage(CommandLine.ParameterException e, String[] args) {
        String m = oneLine(e.getMessage());
        boolean restore = Arrays.stream(args).anyMatch(a -> a.equals("--restore") || a.startsWith("--restore="));
        if (!restore) {
            return m;
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u
                && u.getUnmatched().stream().anyMatch(arg -> !arg.startsWith("-"))) {
            return "unexpected arguments with --restore; quote the whole recovery phrase: --restore \"WORD WORD …\"";
        }
        boolean after = false;
        for (String arg : args) {
            after |= arg.equals("--restore") || arg.startsWith("--restore=");
            String value = arg.startsWith("--restore=") ? arg.substring("--restore=".length()) : arg;
            if (!after || value.startsWith("-")) {
                continue;
            }
            for (String word : value.strip().split("[\\s\\p{Z}]+")) {
                if (!word.isEmpty()) {
                    m = m.replaceAll("(?i)(?<![\\p{L}])" + Pattern.quote(word) + "(?![\\p{L}])", "…");
                }
            }
        }
        return m;
    }

    private static String oneLine(String m) {
        return m == null ? "invalid command line" : m.replaceAll("\\s*\\R\\s*", " ");
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s*\\R\\s*", " ");
    }
}
