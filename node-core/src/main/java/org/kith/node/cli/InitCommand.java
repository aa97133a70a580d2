package org.kith.node.cli;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.node.KithException;
import org.kith.node.KithHome;
import org.kith.node.KithNode;
import org.kith.node.keys.InvalidRecoveryPhraseException;
import org.kith.node.keys.RecoveryPhrase;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.InvalidRecordException;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.SwarmId;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Create a new identity (or restore one from its recovery phrase).")
final class InitCommand extends BaseCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--name", paramLabel = "NAME", description = "Your display name (publishes your first profile).")
        String name;

        @Option(names = "--restore", paramLabel = "WORDS", description = "Restore the identity of this 24-word recovery phrase.")
        String restore;
    }

    @Option(names = "--no-passphrase", description = "Store the key unencrypted (only on a machine you alone use).")
    boolean noPassphrase;

    @Mixin
    JsonOption json;

    @Override
    void run() throws Exception {
        KithHome home = kithHome();
        Ed25519KeyPair key = source.restore != null ? restore(source.restore) : Ed25519KeyPair.generate(new SecureRandom());
        try {
            if (source.name != null) {
                checkProfile(key, source.name, ctx().clock);
            }
            home.prepareForInit();
            char[] passphrase = noPassphrase ? null : ctx().passphrase("to protect your key", true);
            try {
                if (passphrase != null && passphrase.length == 0) {
                    throw new KithException("the passphrase is empty; choose one, or pass --no-passphrase");
                }
                home.keyStore().create(key, passphrase);
            } catch (IOException e) {
                throw new KithException("cannot write " + home.keyFile() + ": " + e.getMessage(), e);
            } finally {
                if (passphrase != null) {
                    Arrays.fill(passphrase, '\0');
                }
            }
            List<String> words = source.restore == null ? phraseOf(key) : null;
            try (KithNode node = KithNode.open(home, key.peerId(), Ed25519KeyPair.fromSeed(seedOf(key)), ctx().clock)) {
                if (source.name != null) {
                    node.setProfile(Profile.named(source.name));
                }
            }
            report(home, key, words);
        } finally {
            key.destroy();
        }
    }

    private void report(KithHome home, Ed25519KeyPair key, List<String> words) throws KithException {
        if (json.json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("peerId", key.peerId().toBase58());
            out.put("home", home.dir().toString());
            out.put("encrypted", !noPassphrase);
            if (words != null) {
                out.put("recoveryPhrase", String.join(" ", words));
            }
            ctx().printJson(out);
            return;
        }
        ctx().out.println((words == null ? "Restored" : "Created") + " identity " + key.peerId());
        ctx().out.println("Data directory: " + home.dir());
        if (words != null) {
            ctx().out.println();
            ctx().out.println("Recovery phrase: write these 24 words down and keep them safe.");
            ctx().out.println("Anyone who has them can act as you; `kith init --restore \"…\"` brings you back.");
            ctx().out.println();
            for (int i = 0; i < words.size(); i += 6) {
                ctx().out.println("  " + String.join(" ", words.subList(i, i + 6)));
            }
        }
    }

    private static Ed25519KeyPair restore(String phrase) throws KithException {
        try {
            byte[] seed = RecoveryPhrase.toSeed(phrase);
            try {
                return Ed25519KeyPair.fromSeed(seed);
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        } catch (InvalidRecoveryPhraseException e) {
            throw new KithException("invalid recovery phrase: " + e.getMessage(), e);
        }
    }

    private static byte[] seedOf(Ed25519KeyPair key) {
        return key.seed();
    }

    private static List<String> phraseOf(Ed25519KeyPair key) {
        byte[] seed = key.seed();
        try {
            return RecoveryPhrase.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** Validates the first profile before anything is written, so a bad name leaves no trace. */
    private static void checkProfile(Ed25519KeyPair key, String name, Clock clock) throws KithException {
        try {
            new RecordSigner(key, clock).sign(SwarmId.PUBLIC, 1, null, Profile.named(name));
        } catch (InvalidRecordException e) {
            throw new KithException(e.detail(), e);
        }
    }
}
