package org.kith.node.cli;

import org.kith.node.KithNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "comment", description = "Comment on a proposal, commitment or any record.")
final class CommentCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "TARGET_ID") String target;
    @Parameters(index = "1", paramLabel = "TEXT") String text;

    @Override
    void run() throws Exception {
        try (KithNode node = openForWriting()) {
            ctx().out.println(node.comment(node.resolveId(target), text));
        }
    }
}
