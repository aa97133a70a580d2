package org.kith.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code kith} command: prints help when run alone (the desktop app arrives later). */
@Command(name = "kith", mixinStandardHelpOptions = true, versionProvider = Version.class,
        // Inherited so every subcommand has --help: each usage error says "Try 'kith CMD --help'".
        scope = ScopeType.INHERIT,
        description = "Kith: signed profiles, proposals, commitments and attestations, peer to peer.",
        subcommands = {InitCommand.class, WhoamiCommand.class, ProfileCommand.class, ProposeCommand.class,
            ProposalCommand.class, CommitCommand.class, RsvpCommand.class, CommitmentCommand.class, AttestCommand.class,
            VouchCommand.class, CommentCommand.class, RetractCommand.class, ListCommand.class, ShowCommand.class,
            ExportCommand.class, ImportCommand.class, VerifyCommand.class, RunCommand.class, StatusCommand.class,
            SwarmCommand.class, PeersCommand.class, InboxCommand.class, TrustCommand.class, FindCommand.class,
            ProvenanceCommand.class, CreditsCommand.class})
public final class KithCommand implements Runnable {

    @Spec
    CommandSpec spec;

    private final CliContext context;

    KithCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Override
    public void run() {
        spec.commandLine().usage(context.out);
    }
}
