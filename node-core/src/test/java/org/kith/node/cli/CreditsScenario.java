package org.kith.node.cli;

import java.nio.file.Path;

/**
 * Three people on three data directories, their records moved across by export and import (as
 * bundles travel between people without a network): Ada proposes, Bob and Cara commit, Bob
 * renegotiates then delivers, Ada attests (with a hostile note), Dan comments on the proposal
 * from a fourth home, Cara retracts her commitment. Everything ends up in Ada's home.
 */
final class CreditsScenario {

    static final String HOSTILE = "<script>alert('x')</script> & \"quotes\"";

    final CliRunner kith;
    final Path tmp;
    final Path ada;
    final Path bob;
    final Path cara;
    final Path dan;
    String proposal;
    String update;
    String bobCommitment;
    String bobRenegotiated;
    String bobDelivered;
    String caraCommitment;
    String caraRetraction;
    String attestation;
    String comment;

    CreditsScenario(Path tmp) {
        this.tmp = tmp;
        this.kith = new CliRunner(tmp);
        ada = tmp.resolve("ada");
        bob = tmp.resolve("bob");
        cara = tmp.resolve("cara");
        dan = tmp.resolve("dan");
    }

    CliRunner.Result run(Path home, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--home";
        all[args.length + 1] = home.toString();
        return kith.run(all);
    }

    String ok(Path home, String... args) {
        return run(home, args).ok().printed();
    }

    /** Exports {@code from}'s own records and imports them into {@code to}. */
    void carry(Path from, Path to) {
        Path file = tmp.resolve("carry-" + from.getFileName() + "-" + System.nanoTime() + ".json");
        ok(from, "export", "--out", file.toString());
        ok(to, "import", file.toString());
    }

    CreditsScenario build() {
        ok(ada, "init", "--name", "Ada", "--no-passphrase");
        ok(bob, "init", "--name", "Bob", "--no-passphrase");
        ok(cara, "init", "--name", "Cara", "--no-passphrase");
        ok(dan, "init", "--name", "Dan", "--no-passphrase");
        proposal = ok(ada, "propose", "--title", "Community garden " + HOSTILE, "--summary", "Dig beds",
                "--role", "builder:carpentry");
        update = ok(ada, "proposal", "update", proposal, "--status", "forming");
        for (Path p : new Path[] {bob, cara, dan}) {
            carry(ada, p);
        }
        bobCommitment = ok(bob, "commit", proposal, "--what", "Build three beds", "--due", CliRunner.DUE,
                "--role", "builder");
        bobRenegotiated = ok(bob, "commitment", "update", bobCommitment, "--status", "renegotiated", "--due",
                "2027-02-01", "--note", "wood is late");
        bobDelivered = ok(bob, "commitment", "update", bobCommitment, "--status", "delivered");
        caraCommitment = ok(cara, "commit", proposal, "--what", "Bring seeds", "--due", CliRunner.DUE);
        caraRetraction = ok(cara, "retract", caraCommitment);
        comment = ok(dan, "comment", proposal, "I saw this first-hand");
        carry(bob, ada);
        carry(cara, ada);
        carry(dan, ada);
        attestation = ok(ada, "attest", bobCommitment, "--outcome", "kept", "--note", HOSTILE);
        return this;
    }
}
