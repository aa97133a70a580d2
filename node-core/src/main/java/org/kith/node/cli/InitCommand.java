package org.kith.node.cli;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.node.KithException;
import org.kith.node.KithHome;
import org.kith.node.keys.IdentitySetup;
import org.kith.node.keys.InvalidRecoveryPhraseException;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Profile;
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
        Ed25519KeyPair key = source.restore != null ? restore(source.restore) : IdentitySetup.generate(new SecureRandom());
        try {
            // Everything that can be refused is refused before anything is written (or asked).
            Profile profile = source.name == null ? null : Profile.named(source.name);
            if (profile != null) {
                IdentitySetup.checkProfile(key, profile, ctx().clock);
            }
            home.requireNoIdentity();
            char[] passphrase = noPassphrase ? null : ctx().passphrase("to protect your key", true);
            try {
                if (passphrase != null && passphrase.length == 0) {
                    throw new KithException("the passphrase is empty; choose one, or pass --no-passphrase");
                }
                // Writes the key, the store and the first profile; a failure removes what it wrote.
                IdentitySetup.create(home, key, passphrase, profile, ctx().clock).close();
            } finally {
                if (passphrase != null) {
                    Arrays.fill(passphrase, '\0');
                }
            }
            report(home, key, source.restore == null ? IdentitySetup.phraseOf(key) : null);
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
            return IdentitySetup.restore(phrase);
        } catch (InvalidRecoveryPhraseException e) {
            throw new KithException("invalid recovery phrase: " + e.getMessage(), e);
        }
    }
}
