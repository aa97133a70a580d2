package org.kith.node.cli;

import java.nio.file.Path;
import org.kith.node.KithException;
import org.kith.node.bundle.BundleVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Check a bundle: ids, signatures, and that each feed's chain is whole;"
        + " for a credits bundle, that its summary matches its records and the exporter's signature."
        + " Needs no data directory. Exit 0 if all is well, 1 otherwise.")
final class VerifyCommand extends BaseCommand {

    @Parameters(paramLabel = "FILE") Path file;
    @Mixin JsonOption json;

    @Override
    void run() throws Exception {
        BundleVerifier.Report report = new BundleVerifier(ctx().clock).verify(file);
        if (json.json) {
            ctx().printJson(report);
        } else {
            for (BundleVerifier.Problem p : report.problems()) {
                ctx().out.println((p.index() >= 0 ? "record " + p.index() + (p.id() == null ? "" : " (" + p.id() + ")")
                        : "chain") + ": " + p.code() + ": " + p.detail());
            }
            if (report.ok() && "credits".equals(report.kind())) {
                ctx().out.printf("OK: credits of proposal %s: %d records from %d author(s); every signature valid,"
                        + " the summary matches the records; bundle signed by %s%n", report.proposal(),
                        report.records(), report.authors(), report.signer());
            } else if (report.ok()) {
                ctx().out.printf("OK: %d records from %d author(s) in %d feed(s); every signature valid, every chain whole%n",
                        report.records(), report.authors(), report.feeds());
            }
        }
        if (!report.ok()) {
            throw new KithException("verification failed: " + report.problems().size() + " problem(s) in "
                    + report.records() + " record(s)");
        }
    }
}
