package org.kith.node.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "commit", description = "Commit to (part of) a proposal; prints the commitment's id.")
final class CommitCommand extends BaseCommand {

    @Parameters(paramLabel = "PROPOSAL_ID") String proposal;
    @Option(names = "--what", required = true, paramLabel = "W", description = "What you will do.") String what;
    @Option(names = "--due", required = true, paramLabel = "DATE", converter = Converters.Date.class) LocalDate due;
    @Option(names = "--role", paramLabel = "NAME", description = "The proposal's role you take.") String role;
    @Option(names = "--effort", paramLabel = "E", description = "e.g. 3d, 10h/week.") String effort;

    @Override
    void run() throws Exception {
        requireNotPast(due, ctx().clock.instant().atZone(ZoneOffset.UTC).toLocalDate());
        try (KithNode node = openForWriting()) {
            ctx().out.println(node.commit(node.resolveId(proposal), role, what.strip(), due, effort));
        }
    }

    static void requireNotPast(LocalDate due, LocalDate today) throws KithException {
        if (due.isBefore(today)) {
            throw new KithException("the due date " + due + " is in the past");
        }
    }
}
