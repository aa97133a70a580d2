package org.kith.node.cli;

import java.util.ArrayList;
import java.util.List;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "propose", description = "Publish a proposal for a project or a gathering; prints its id.")
final class ProposeCommand extends BaseCommand {

    @Option(names = "--title", required = true, paramLabel = "T") String title;
    @Option(names = "--summary", required = true, paramLabel = "S") String summary;
    @Option(names = "--details", paramLabel = "D") String details;
    @Option(names = "--kind", paramLabel = "project|gathering", converter = Converters.Kind.class,
            description = "Default: project.")
    ProposalKind kind = ProposalKind.PROJECT;
    @Option(names = "--role", paramLabel = "NAME:SKILL[,SKILL…][:EFFORT]",
            description = "A role you want filled; repeat for more.")
    List<String> roles = new ArrayList<>();
    @Option(names = "--when", paramLabel = "DATE", description = "Start: YYYY-MM-DD or an ISO date-time with offset.")
    String when;
    @Option(names = "--until", paramLabel = "DATE", description = "End, in the same forms as --when.")
    String until;
    @Option(names = "--where", paramLabel = "PLACE") String where;
    @Option(names = "--tag", paramLabel = "T") List<String> tags = new ArrayList<>();
    @Option(names = "--swarm", paramLabel = "NAME", description = "Swarm to publish in (default: public).")
    String swarm;

    @Override
    void run() throws Exception {
        Proposal.When w = when == null && until == null && where == null ? null : new Proposal.When(when, until, where);
        Proposal proposal = new Proposal(kind, title.strip(), summary.strip(), details, parseRoles(roles), w,
                tags.stream().map(String::strip).toList(), ProposalStatus.OPEN, null);
        try (KithNode node = openForWriting()) {
            ctx().out.println(node.propose(proposal, swarm));
        }
    }

    static List<Proposal.Role> parseRoles(List<String> specs) throws KithException {
        List<Proposal.Role> out = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":", -1);
            if (parts.length < 1 || parts.length > 3 || parts[0].isBlank()) {
                throw new KithException("--role must look like NAME:SKILL[,SKILL…][:EFFORT], got \"" + spec + "\"");
            }
            List<String> skills = parts.length > 1 && !parts[1].isBlank()
                    ? List.of(parts[1].split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList()
                    : List.of();
            String effort = parts.length > 2 && !parts[2].isBlank() ? parts[2].strip() : null;
            out.add(new Proposal.Role(parts[0].strip(), skills, effort));
        }
        return out;
    }
}
