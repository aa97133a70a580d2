package org.kith.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.kith.node.KithException;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import org.kith.node.keys.KeyStore;
import org.kith.node.keys.WrongPassphraseException;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.identity.PeerId;

/**
 * What every command needs from outside: output streams, the environment, the clock and how
 * to ask for a passphrase. Injected so tests run the CLI in-process.
 */
public final class CliContext {

    public static final String ENV_PASSPHRASE = "KITH_PASSPHRASE";

    /** Asks the person at the terminal; returns null when there is no terminal. */
    @FunctionalInterface
    public interface PassphrasePrompt {
        char[] ask(String prompt);
    }

    final PrintWriter out;
    final PrintWriter err;
    final Map<String, String> env;
    final Clock clock;
    final PassphrasePrompt prompt;
    final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock, PassphrasePrompt prompt) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
        this.prompt = prompt;
    }

    /** The real terminal: stdout, stderr, the process environment, the system clock. */
    public static CliContext system() {
        Console console = System.console();
        return new CliContext(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(),
                Clock.systemUTC(), console == null ? p -> null : p -> console.readPassword("%s", p));
    }

    KithHome home(Path option) {
        return KithHome.resolve(option, env);
    }

    /**
     * From KITH_PASSPHRASE, else the terminal (asked twice when {@code confirm}, i.e. when a new
     * passphrase is being chosen).
     */
    char[] passphrase(String purpose, boolean confirm) throws KithException {
        String fromEnv = env.get(ENV_PASSPHRASE);
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        char[] first = prompt.ask("Passphrase " + purpose + ": ");
        if (first == null) {
            throw new KithException("a passphrase is needed: set " + ENV_PASSPHRASE + " or run in a terminal"
                    + (confirm ? " (or pass --no-passphrase)" : ""));
        }
        if (confirm) {
            char[] again = prompt.ask("Repeat the passphrase: ");
            boolean same = again != null && Arrays.equals(first, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new KithException("the passphrases do not match");
            }
        }
        return first;
    }

    /** Opens the node of the identity in {@code home}; with the unlocked key if {@code write}. */
    KithNode open(KithHome home, boolean write) throws KithException {
        home.requireInitialised();
        org.kith.node.LogFiles.install(home.dir());
        KeyStore keys = home.keyStore();
        PeerId identity;
        Ed25519KeyPair key = null;
        try {
            identity = keys.peerId();
            if (write) {
                char[] passphrase = keys.isEncrypted() ? passphrase("for " + home.dir(), false) : null;
                try {
                    key = keys.unlock(passphrase);
                } finally {
                    if (passphrase != null) {
                        Arrays.fill(passphrase, '\0');
                    }
                }
            }
        } catch (WrongPassphraseException e) {
            throw new KithException("wrong passphrase for " + keys.file());
        } catch (IOException e) {
            throw new KithException(e.getMessage(), e);
        }
        try {
            KithNode node = KithNode.open(home, identity, key, clock);
            if (write) {
                announceToRunningNode(home, node);
            }
            return node;
        } catch (RuntimeException e) {
            if (key != null) {
                key.destroy();
            }
            throw e;
        }
    }

    /**
     * When a node runs on this data directory ({@code kith run}), each record this command writes
     * is handed to it, which publishes it to the record's swarm at once. Without one, records are
     * stored and go out with the next {@code kith run} (catch-up).
     */
    private void announceToRunningNode(KithHome home, KithNode node) {
        org.kith.node.api.ControlClient.find(home.dir()).ifPresent(client -> node.onPublished(record -> {
            try {
                client.announce(record.id().toString());
            } catch (IOException e) {
                err.println("kith: note: stored, but the running node did not publish it now (" + e.getMessage()
                        + "); it goes out when peers catch up");
            }
        }));
    }

    void printJson(Object value) throws KithException {
        try {
            out.println(json.writeValueAsString(value));
        } catch (IOException e) {
            throw new KithException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
