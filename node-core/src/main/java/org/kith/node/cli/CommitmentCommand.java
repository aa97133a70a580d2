package org.kith.node.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.kith.node.KithNode;
import org.kith.protocol.record.CommitmentStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "commitment", description = "Change your commitments.", subcommands = CommitmentCommand.Update.class)
final class CommitmentCommand {

    @Command(name = "update", description = "Say a commitment of yours was delivered, withdrawn or renegotiated.")
    static final class Update extends BaseCommand {
        @Parameters(paramLabel = "ID") String id;
        @Option(names = "--status", required = true, paramLabel = "delivered|withdrawn|renegotiated",
                converter = Converters.CommitmentState.class) CommitmentStatus status;
        @Option(names = "--due", paramLabel = "DATE", converter = Converters.Date.class,
                description = "New due date (with renegotiated).") LocalDate due;
        @Option(names = "--note", paramLabel = "N") String note;

        @Override
        void run() throws Exception {
            if (due != null) {
                CommitCommand.requireNotPast(due, ctx().clock.instant().atZone(ZoneOffset.UTC).toLocalDate());
            }
            try (KithNode node = openForWriting()) {
                ctx().out.println(node.updateCommitment(node.resolveId(id), status, due, note));
            }
        }
    }
}
