package org.kith.node.cli;

import java.time.Instant;
import org.kith.node.KithNode;
import org.kith.node.workflow.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "provenance", description = "The evidence of when a record (a proposal, typically) existed and who"
        + " wrote it: its place in the author's signed chain, when and from whom this node first got it, and the"
        + " earliest record that cites it.")
final class ProvenanceCommand extends BaseCommand {

    @Parameters(paramLabel = "ID") String id;
    @Mixin JsonOption json;

    @Override
    void run() throws Exception {
        try (KithNode node = openReadOnly()) {
            Provenance.Report r = Provenance.of(node, node.resolveId(id));
            if (json.json) {
                ctx().printJson(r);
                return;
            }
            var out = ctx().out;
            out.printf("%s %s%s%n", r.type(), r.id(), r.title() == null ? "" : "  \"" + r.title() + "\"");
            out.printf("  author     %s%n", who(r.author(), r.authorName()));
            out.printf("  swarm      %s%n", r.swarm());
            Provenance.Chain c = r.chain();
            if (r.forkEvidence()) {
                out.printf("  chain      FORK EVIDENCE: a second record for seq %d of %d in the author's feed"
                        + " (the chain holds %s)%n", c.seq(), c.headSeq(), c.conflictsWith());
            } else {
                out.printf("  chain      seq %d of %d in the author's feed%n", c.seq(), c.headSeq());
            }
            out.printf("  prev       %s%n", r.prev() == null ? "none (first record of the feed)" : r.prev());
            out.printf("  verified   %s%n", c.verified()
                    ? "the signed chain from seq 1 to " + c.checked() + " verifies (signatures and prev links)"
                    : "NO: " + c.problem() + " (checked " + c.checked() + " record(s))");
            out.printf("  feed       %s%n", c.forked() ? "FORKED: the author signed two records for one seq"
                    : "not forked");
            out.printf("  signed at  %s (the author's clock; informational)%n", Instant.ofEpochMilli(r.tsMillis()));
            Provenance.Received rc = r.received();
            out.printf("  received   %s, %s%n", Instant.ofEpochMilli(rc.atMillis()), received(rc));
            if (r.retractedBy() != null) {
                out.printf("  retracted  by the author in %s%n", r.retractedBy());
            }
            if (r.citations() == 0) {
                out.println("  cited by   no record on this node");
            } else {
                out.printf("  cited by   %d record(s) on this node%n", r.citations());
                out.printf("  earliest   %s%n", citation(r.earliestCitation()));
                Provenance.Citation ind = r.earliestIndependentCitation();
                out.printf("  earliest by another author  %s%n", ind == null ? "none"
                        : ind.id().equals(r.earliestCitation().id()) ? "the same" : citation(ind));
            }
        }
    }

    private static String received(Provenance.Received rc) {
        if (rc.source() == null) {
            return "source unknown (stored before this node noted sources)";
        }
        return switch (rc.via()) {
            case "publish" -> "published here by you";
            case "import" -> "imported" + (rc.detail() == null ? "" : " from " + rc.detail());
            default -> "from peer " + rc.source() + " by " + rc.via();
        };
    }

    private static String citation(Provenance.Citation c) {
        return c.relation() + " " + c.id() + " by " + who(c.author(), c.authorName()) + ", signed at "
                + Instant.ofEpochMilli(c.tsMillis());
    }

    private static String who(String peerId, String name) {
        return name == null ? peerId : name + " (" + peerId + ")";
    }
}
