package org.kith.node.cli;

import org.kith.node.KithNode;
import org.kith.protocol.record.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "attest", description = "Say whether someone's commitment was kept.")
final class AttestCommand extends BaseCommand {

    @Parameters(paramLabel = "COMMITMENT_ID") String commitment;
    @Option(names = "--outcome", required = true, paramLabel = "kept|partly-kept|not-kept",
            converter = Converters.Verdict.class) Outcome outcome;
    @Option(names = "--note", paramLabel = "N") String note;

    @Override
    void run() throws Exception {
        try (KithNode node = openForWriting()) {
            ctx().out.println(node.attest(node.resolveId(commitment), outcome, note));
        }
    }
}
