package org.kith.node.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.bundle.Bundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", description = "Write your own records as a verifiable JSON bundle (stdout, or --out FILE).")
final class ExportCommand extends BaseCommand {

    @Option(names = "--out", paramLabel = "FILE") Path outFile;

    @Override
    void run() throws Exception {
        try (KithNode node = openReadOnly()) {
            if (outFile == null) {
                write(node, new Bundle.Writer(ctx().out, node.self().toBase58(), ctx().clock.instant()));
                return;
            }
            Path dir = outFile.toAbsolutePath().getParent();
            // Said plainly here: otherwise the error would name the temporary file.
            if (Files.isDirectory(outFile)) {
                throw new KithException("cannot write the bundle: " + outFile + " is a directory");
            }
            if (!Files.isDirectory(dir)) {
                throw new KithException("cannot write the bundle: no directory " + dir);
            }
            Path tmp = Files.createTempFile(dir, ".kith-export", ".tmp");
            try {
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(tmp,
                        java.nio.file.StandardOpenOption.WRITE);
                        OutputStream os = java.nio.channels.Channels.newOutputStream(channel)) {
                    write(node, new Bundle.Writer(os, node.self().toBase58(), ctx().clock.instant()));
                    os.flush();
                    channel.force(true);
                }
                Files.move(tmp, outFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            ctx().err.println("exported to " + outFile);
        } catch (IOException e) {
            throw new KithException("cannot write the bundle: " + e.getMessage(), e);
        }
    }

    /** Streams the records straight from the store: memory stays flat however many there are. */
    private static void write(KithNode node, Bundle.Writer w) throws IOException {
        try (w) {
            node.store().forEachRecordOf(node.self(), r -> {
                try {
                    w.add(r.signed());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
