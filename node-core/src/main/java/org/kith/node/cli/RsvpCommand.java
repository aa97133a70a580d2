package org.kith.node.cli;

import java.time.LocalDate;
import org.kith.node.KithNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rsvp", description = "Say you will come to a gathering (a commitment to attend, due on its day,"
        + " which the organiser attests afterwards); prints the commitment's id. To cancel, withdraw it.")
final class RsvpCommand extends BaseCommand {

    @Parameters(paramLabel = "GATHERING_ID", description = "The gathering's id or a unique prefix.") String gathering;
    @Option(names = "--note", paramLabel = "N", description = "e.g. \"bringing a tent\".") String note;

    @Override
    void run() throws Exception {
        try (KithNode node = openForWriting()) {
            ctx().out.println(node.rsvp(node.resolveId(gathering), note == null ? null : note.strip(),
                    LocalDate.now(ctx().clock)));
        }
    }
}
