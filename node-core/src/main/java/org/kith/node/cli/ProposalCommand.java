package org.kith.node.cli;

import java.util.List;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "proposal", description = "Change your proposals.", subcommands = ProposalCommand.Update.class)
final class ProposalCommand {

    @Command(name = "update", description = "Publish a new state of your proposal; options not given stay as they are.")
    static final class Update extends BaseCommand {
        @Parameters(paramLabel = "ID", description = "The proposal's id or a unique prefix.") String id;
        @Option(names = "--status", paramLabel = "open|forming|active|completed|abandoned",
                converter = Converters.Status.class) ProposalStatus status;
        @Option(names = "--title", paramLabel = "T") String title;
        @Option(names = "--summary", paramLabel = "S") String summary;
        @Option(names = "--details", paramLabel = "D") String details;
        @Option(names = "--role", paramLabel = "NAME:SKILL[,SKILL…][:EFFORT]", description = "Replaces all roles.")
        List<String> roles;
        @Option(names = "--tag", paramLabel = "T", description = "Replaces all tags.") List<String> tags;
        @Option(names = "--when", paramLabel = "DATE") String when;
        @Option(names = "--until", paramLabel = "DATE") String until;
        @Option(names = "--where", paramLabel = "PLACE") String where;

        @Override
        void run() throws Exception {
            if (status == null && title == null && summary == null && details == null && roles == null && tags == null
                    && when == null && until == null && where == null) {
                throw new KithException("nothing to update: give at least one of --status, --title, --summary, …");
            }
            try (KithNode node = openForWriting()) {
                Proposal.When w = when == null && until == null && where == null ? null
                        : new Proposal.When(when, until, where);
                KithNode.ProposalChange change = new KithNode.ProposalChange(title, summary, details,
                        roles == null ? null : ProposeCommand.parseRoles(roles), w,
                        tags == null ? null : tags.stream().map(String::strip).toList(), status);
                ctx().out.println(node.updateProposal(node.resolveId(id), change));
            }
        }
    }
}
