package org.kith.node.cli;

import org.kith.node.KithNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "retract", description = "Withdraw one of your records (it stays in your signed history, hidden).")
final class RetractCommand extends BaseCommand {

    @Parameters(paramLabel = "ID") String id;
    @Option(names = "--reason", paramLabel = "R") String reason;

    @Override
    void run() throws Exception {
        try (KithNode node = openForWriting()) {
            ctx().out.println(node.retract(node.resolveId(id), reason));
        }
    }
}
