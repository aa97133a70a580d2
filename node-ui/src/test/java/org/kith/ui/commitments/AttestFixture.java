package org.kith.ui.commitments;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.kith.ui.testing.TestNodes;

/**
 * Two homes for the attestation flows: Bo commits to Ada's "Garden beds" and delivers; Ada imports
 * that, so Ada's inbox asks her to attest it. Ada also has commitments of her own to Bo's "Tool
 * library" (one due soon, one open, one delivered) and a new gathering of Bo's matches her skill.
 */
public final class AttestFixture {

    public final Path ada;
    public final Path bo;
    public final String adaProposal;
    public final String boCommitment;

    public AttestFixture(Path tmp) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ada = TestNodes.identity(tmp.resolve("ada"), "Ada");
        TestNodes.kith(ada, "profile", "set", "--skill", "cooking");
        adaProposal = TestNodes.kith(ada, "propose", "--title", "Garden beds", "--summary", "Raised beds",
                "--role", "builder:carpentry:2 days");
        TestNodes.kith(ada, "export", "--out", tmp.resolve("ada.json").toString());
        bo = TestNodes.identity(tmp.resolve("bo"), "Bo");
        TestNodes.kith(bo, "import", tmp.resolve("ada.json").toString());
        boCommitment = TestNodes.kith(bo, "commit", adaProposal, "--role", "builder", "--what", "Build the frames",
                "--due", today.plusDays(5).toString(), "--effort", "2 days");
        TestNodes.kith(bo, "commitment", "update", boCommitment, "--status", "delivered", "--note",
                "All six frames are done");
        String library = TestNodes.kith(bo, "propose", "--title", "Tool library", "--summary", "Lend and borrow",
                "--role", "keeper:organising");
        TestNodes.kith(bo, "propose", "--title", "Harvest supper", "--summary", "Cook and eat together",
                "--kind", "gathering", "--when", today.plusDays(20).toString(), "--where", "Garden",
                "--role", "cook:cooking");
        TestNodes.kith(bo, "export", "--out", tmp.resolve("bo.json").toString());
        TestNodes.kith(ada, "import", tmp.resolve("bo.json").toString());
        TestNodes.kith(ada, "commit", library, "--role", "keeper", "--what", "Catalogue the tools", "--due",
                today.plusDays(3).toString());
        TestNodes.kith(ada, "commit", library, "--what", "Paint the shelves", "--due", today.plusDays(30).toString());
        String drill = TestNodes.kith(ada, "commit", library, "--what", "Lend my drill", "--due",
                today.plusDays(1).toString());
        TestNodes.kith(ada, "commitment", "update", drill, "--status", "delivered");
    }
}
