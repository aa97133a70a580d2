package org.kith.node.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.bundle.Bundle;
import org.kith.node.store.Views;
import org.kith.node.workflow.Credits;
import org.kith.node.workflow.CreditsHtml;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.VerifiedRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "credits", description = "The credits of a proposal: who committed to what, what was delivered,"
        + " who attested. --out writes them as a signed, verifiable JSON bundle (check it with kith verify),"
        + " --html as a readable page; neither replaces an existing file unless --force is given.")
final class CreditsCommand extends BaseCommand {

    @Parameters(paramLabel = "PROPOSAL_ID") String proposalId;
    @Option(names = "--out", paramLabel = "FILE", description = "Write the signed credits bundle here.") Path outFile;
    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page here.") Path htmlFile;
    @Option(names = "--force", description = "Replace FILEs that already exist.") boolean force;
    @Mixin JsonOption json;

    @Override
    void run() throws Exception {
        if (outFile != null && htmlFile != null
                && outFile.toAbsolutePath().normalize().equals(htmlFile.toAbsolutePath().normalize())) {
            throw new KithException("--out and --html name the same file");
        }
        // Checked before the passphrase is asked for and before anything is written.
        checkTarget(outFile, "the credits bundle");
        checkTarget(htmlFile, "the HTML page");
        // Signing the bundle needs the identity key; showing and HTML do not.
        try (KithNode node = outFile != null ? openForWriting() : openReadOnly()) {
            RecordId id = node.resolveId(proposalId);
            Credits credits = Credits.of(node, id);
            Function<String, String> names = peer -> node.queries().person(peer).map(Views.Person::name).orElse(null);
            Instant now = ctx().clock.instant();
            if (outFile == null && htmlFile == null) {
                if (json.json) {
                    ctx().printJson(credits.summary());
                } else {
                    print(credits, names);
                }
                return;
            }
            String signer = null;
            if (outFile != null) {
                signer = node.self().toBase58();
                byte[] bundle = bundle(credits, node.identityKey(), signer, now);
                write(outFile, bundle, "the credits bundle");
                ctx().out.println("wrote " + outFile + ": " + credits.records().size()
                        + " signed records, summary signed by " + signer);
            }
            if (htmlFile != null) {
                write(htmlFile, CreditsHtml.render(credits, names, now, signer).getBytes(StandardCharsets.UTF_8),
                        "the HTML page");
                ctx().out.println("wrote " + htmlFile);
            }
        }
    }

    static byte[] bundle(Credits credits, Ed25519KeyPair key, String signer, Instant exported) throws IOException {
        List<String> ids = credits.records().stream().map(r -> r.id().toString()).toList();
        byte[] signature = key.sign(Credits.signingInput(signer, exported.toString(), credits.proposal().id(), ids,
                credits.summary()));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (Bundle.Writer w = new Bundle.Writer(out, exported, new Bundle.Signed(credits.summary(), signer, signature))) {
            for (VerifiedRecord r : credits.records()) {
                w.add(r.envelope());
            }
        }
        return out.toByteArray();
    }

    private void checkTarget(Path file, String what) throws KithException {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new KithException("cannot write " + what + ": " + file + " is a directory");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new KithException("cannot write " + what + ": no directory " + dir);
        }
        if (Files.exists(file) && !force) {
            throw new KithException("cannot write " + what + ": " + file + " exists (pass --force to replace it)");
        }
    }

    /**
     * Writes a temporary file beside {@code file}, forces it to disk, then puts it in place in one
     * step: a hard link that fails if {@code file} appeared meanwhile, or, with --force, an
     * atomic rename over it. A reader never sees half a file; on failure nothing is left behind.
     */
    private void write(Path file, byte[] content, String what) throws KithException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, ".kith-credits", ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream os = Channels.newOutputStream(channel)) {
                os.write(content);
                os.flush();
                channel.force(true);
            }
            if (force) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                try {
                    Files.createLink(file, tmp);
                } catch (UnsupportedOperationException e) {
                    // No hard links here: the exists check above has to do.
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (FileAlreadyExistsException e) {
            throw new KithException("cannot write " + what + ": " + file + " exists (pass --force to replace it)");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new KithException("cannot write " + what + ": permission denied in " + dir);
        } catch (IOException e) {
            throw new KithException("cannot write " + what + " to " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    ctx().err.println("kith: note: could not remove the temporary file " + tmp);
                }
            }
        }
    }

    private void print(Credits credits, Function<String, String> names) {
        var out = ctx().out;
        Credits.ProposalState p = credits.proposal();
        out.printf("Credits for \"%s\"%n", p.title());
        out.printf("  proposal   %s%n", p.id());
        out.printf("  author     %s%n", who(p.author(), names));
        out.printf("  status     %s (%s, swarm %s)%n", p.status(), p.kind(), p.swarm());
        if (!p.updates().isEmpty()) {
            out.printf("  updates    %d; current state from %s%n", p.updates().size(), p.latestId());
        }
        out.printf("%nCommitments (%d)%n", credits.commitments().size());
        if (credits.commitments().isEmpty()) {
            out.println("  none yet");
        }
        for (Credits.CommitmentEntry c : credits.commitments()) {
            if (c.retractedBy() != null) {
                out.printf("%n  [retracted] by %s%n", who(c.author(), names));
                out.printf("    commitment %s, retracted by %s%n", c.id(), c.retractedBy());
            } else {
                out.printf("%n  [%s] %s%s%n", c.status(), who(c.author(), names),
                        c.role() == null ? "" : " as " + c.role());
                out.printf("    what       %s%n", c.what());
                out.printf("    due        %s%s%n", c.due(), c.effort() == null ? "" : "; effort " + c.effort());
                out.printf("    delivered  %s%n", c.delivered() ? "yes" : "no");
                if (c.note() != null) {
                    out.printf("    note       %s%n", c.note());
                }
                out.printf("    commitment %s%n", c.id());
            }
            for (Credits.Update u : c.updates()) {
                out.printf("    update     %s%s%s  %s%n", u.retractedBy() != null ? "(retracted)" : u.status(),
                        u.due() == null ? "" : ", due " + u.due(), u.note() == null ? "" : ": " + u.note(), u.id());
            }
            if (c.attestations().isEmpty()) {
                out.println("    not attested yet");
            }
            for (Credits.AttestationEntry a : c.attestations()) {
                if (a.retractedBy() != null) {
                    out.printf("    attested   (retracted) by %s  %s%n", who(a.author(), names), a.id());
                } else {
                    out.printf("    attested   %s by %s%s  %s%n", a.outcome(), who(a.author(), names),
                            a.note() == null ? "" : ": " + a.note(), a.id());
                }
            }
        }
    }

    static String who(String peerId, Function<String, String> names) {
        String name = names.apply(peerId);
        return name == null ? peerId : name + " (" + peerId + ")";
    }
}
