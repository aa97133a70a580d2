package org.kith.node.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.keys.PrivateFiles;
import org.kith.node.store.NetworkTables;
import org.kith.node.swarm.Invite;
import org.kith.node.swarm.Swarms;
import org.kith.p2p.multiaddr.Multiaddr;
import org.kith.p2p.pnet.InvalidSwarmKeyException;
import org.kith.p2p.pnet.SwarmKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "swarm", description = "Private swarms: create, invite, join, leave, and their keys.",
        subcommands = {SwarmCommand.Create.class, SwarmCommand.ListSwarms.class, SwarmCommand.InviteCmd.class,
            SwarmCommand.Join.class, SwarmCommand.Leave.class, SwarmCommand.Key.class})
final class SwarmCommand {

    private static final SecureRandom RANDOM = new SecureRandom();

    static Swarms swarms(BaseCommand c, KithNode node) {
        return new Swarms(node, c.ctx().clock, RANDOM);
    }

    static Map<String, Object> json(NetworkTables.Swarm s, int peers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("swarm", s.swarmId());
        m.put("private", s.keySealed() != null);
        m.put("port", s.port());
        m.put("peers", peers);
        m.put("joinedAt", s.joinedAt() == 0 ? null : Instant.ofEpochMilli(s.joinedAt()).toString());
        m.put("invitedBy", s.invitedBy());
        return m;
    }

    @Command(name = "create", description = "Create a private swarm with a new random key; this node joins it.")
    static final class Create extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "Its name (letters, digits, - _ .; at most 32).") String name;

        @Override
        void run() throws Exception {
            try (KithNode node = openForWriting()) {
                NetworkTables.Swarm s = swarms(this, node).create(name);
                ctx().out.println("created swarm " + s.name() + " (" + s.swarmId() + "), port " + s.port()
                        + "; invite people with: kith swarm invite " + s.name());
            }
        }
    }

    @Command(name = "list", description = "The swarms this node has joined.")
    static final class ListSwarms extends BaseCommand {
        @Mixin JsonOption json;

        @Override
        void run() throws Exception {
            try (KithNode node = openReadOnly()) {
                NetworkTables table = node.store().network();
                List<Map<String, Object>> out = new ArrayList<>();
                for (NetworkTables.Swarm s : table.swarms()) {
                    out.add(json(s, table.peers(s.swarmId()).size()));
                }
                if (json.json) {
                    ctx().printJson(out);
                    return;
                }
                for (Map<String, Object> s : out) {
                    ctx().out.printf("%-20s %-16s %-7s port %-5s %3s peers%s%n", s.get("name"), s.get("swarm"),
                            (boolean) s.get("private") ? "private" : "public", s.get("port"), s.get("peers"),
                            s.get("invitedBy") == null ? "" : "  invited by " + s.get("invitedBy"));
                }
            }
        }
    }

    @Command(name = "invite", description = "Print an invite into a private swarm: one string carrying the swarm's"
            + " name, key, addresses to dial and an expiry, signed by you. Whoever holds it can join; send it"
            + " privately.")
    static final class InviteCmd extends BaseCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Option(names = "--expires", paramLabel = "DURATION", defaultValue = "7d",
                description = "How long it stays valid: e.g. 30m, 12h, 7d (default 7d, at most 366d).")
        String expires;

        @Option(names = "--bootstrap", paramLabel = "MULTIADDR", description = "Address (ending in /p2p/ID) to put"
                + " in the invite instead of this machine's addresses; repeat for more (at most "
                + Invite.MAX_BOOTSTRAP + ").")
        List<String> bootstrap = new ArrayList<>();

        @Override
        void run() throws Exception {
            Duration validity = parseDuration(expires);
            List<Multiaddr> addrs = new ArrayList<>();
            for (String a : bootstrap) {
                addrs.add(RunCommand.parse(a, "--bootstrap"));
            }
            if (addrs.size() > Invite.MAX_BOOTSTRAP) {
                throw new KithException("at most " + Invite.MAX_BOOTSTRAP + " --bootstrap addresses fit in an invite");
            }
            try (KithNode node = openForWriting()) {
                ctx().out.println(swarms(this, node).invite(name, validity, addrs));
            }
        }
    }

    @Command(name = "join", description = "Join a private swarm with an invite someone gave you.")
    static final class Join extends BaseCommand {
        @Parameters(paramLabel = "INVITE", description = "The invite string (kith-invite:v1:…).") String invite;

        @Option(names = "--as", paramLabel = "NAME", description = "A local name for the swarm, instead of the"
                + " invite's (when you already have a swarm of that name).")
        String as;

        @Override
        void run() throws Exception {
            try (KithNode node = openForWriting()) {
                Swarms.Joined j = swarms(this, node).join(invite, as);
                String inviter = j.invite().inviter().toBase58();
                String who = node.queries().person(inviter).map(p -> p.name() + " (" + inviter + ")").orElse(inviter);
                ctx().out.println("joined swarm " + j.swarm().name() + " (" + j.swarm().swarmId() + "), invited by "
                        + who + "; `kith run` connects to it");
            }
        }
    }

    @Command(name = "leave", description = "Leave a private swarm: its key and peers are forgotten here (records"
            + " already received stay).")
    static final class Leave extends BaseCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Override
        void run() throws Exception {
            try (KithNode node = openForWriting()) {
                NetworkTables.Swarm s = swarms(this, node).leave(name);
                ctx().out.println("left swarm " + s.name() + " (" + s.swarmId() + ")");
            }
        }
    }

    @Command(name = "key", description = "Export or import a swarm's key as a standard libp2p swarm.key file.",
            subcommands = {KeyExport.class, KeyImport.class})
    static final class Key {
    }

    @Command(name = "export", description = "Write the swarm's key as a swarm.key file (to stdout without --out)."
            + " Anyone with it can join the swarm.")
    static final class KeyExport extends BaseCommand {
        @Parameters(paramLabel = "NAME") String name;

        @Option(names = "--out", paramLabel = "FILE", description = "Write here (created readable by you only;"
                + " an existing file is not overwritten).")
        Path out;

        @Override
        void run() throws Exception {
            try (KithNode node = openForWriting()) {
                Swarms swarms = swarms(this, node);
                SwarmKey key = swarms.key(swarms.byName(name));
                byte[] file = key.toFileBytes();
                if (out == null) {
                    ctx().out.print(new String(file, java.nio.charset.StandardCharsets.US_ASCII));
                    return;
                }
                try {
                    PrivateFiles.createNew(out, file);
                } catch (FileAlreadyExistsException e) {
                    throw new KithException(out + " exists; not overwriting it", e);
                } catch (IOException e) {
                    throw new KithException("cannot write " + out + ": " + e.getMessage(), e);
                }
                ctx().out.println("wrote the key of swarm " + name + " to " + out);
            }
        }
    }

    @Command(name = "import", description = "Join the swarm of a swarm.key file under NAME.")
    static final class KeyImport extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "FILE") Path file;

        @Override
        void run() throws Exception {
            SwarmKey key;
            try {
                key = SwarmKey.read(file);
            } catch (IOException e) {
                throw new KithException("cannot read " + file + ": " + e.getMessage(), e);
            } catch (InvalidSwarmKeyException e) {
                throw new KithException(file + " is not a swarm key: " + e.getMessage(), e);
            }
            try (KithNode node = openForWriting()) {
                NetworkTables.Swarm s = swarms(this, node).importKey(name, key);
                ctx().out.println("joined swarm " + s.name() + " (" + s.swarmId() + "), port " + s.port());
            }
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}. */
    static Duration parseDuration(String text) throws KithException {
        var m = java.util.regex.Pattern.compile("([1-9][0-9]{0,5})([smhdw])").matcher(text.strip());
        if (!m.matches()) {
            throw new KithException("--expires " + text + ": expected a number and a unit, e.g. 30m, 12h, 7d, 2w");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
