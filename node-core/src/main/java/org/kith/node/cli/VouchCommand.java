package org.kith.node.cli;

import org.kith.node.KithNode;
import org.kith.protocol.record.TrustLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "vouch", description = "Say how much you trust a person (replaces your earlier vouch for them).")
final class VouchCommand extends BaseCommand {

    @Parameters(paramLabel = "PERSON", description = "Peer ID, unique prefix, or name.") String person;
    @Option(names = "--level", required = true, paramLabel = "distrust|neutral|some|high",
            converter = Converters.Level.class) TrustLevel level;
    @Option(names = "--domain", paramLabel = "SKILL", description = "Limit the vouch to one skill.") String domain;
    @Option(names = "--note", paramLabel = "N") String note;

    @Override
    void run() throws Exception {
        try (KithNode node = openForWriting()) {
            ctx().out.println(node.vouch(node.resolvePerson(person), level, domain, note));
        }
    }
}
