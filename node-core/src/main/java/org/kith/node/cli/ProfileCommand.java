package org.kith.node.cli;

import java.util.List;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.store.Views;
import org.kith.protocol.identity.PeerId;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.RecordId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", description = "Set or show profiles.",
        subcommands = {ProfileCommand.Set.class, ProfileCommand.Show.class})
final class ProfileCommand {

    @Command(name = "set", description = "Publish your profile. Options not given keep their current values;"
            + " a repeated option replaces the whole list.")
    static final class Set extends BaseCommand {
        @Option(names = "--name", paramLabel = "N") String name;
        @Option(names = "--bio", paramLabel = "B") String bio;
        @Option(names = "--skill", paramLabel = "S") List<String> skills;
        @Option(names = "--offer", paramLabel = "O") List<String> offers;
        @Option(names = "--need", paramLabel = "N") List<String> needs;
        @Option(names = "--value", paramLabel = "V") List<String> values;
        @Option(names = "--link", paramLabel = "URL") List<String> links;
        @Option(names = "--location", paramLabel = "L") String location;

        @Override
        void run() throws Exception {
            try (KithNode node = openForWriting()) {
                Views.Person current = node.profile().orElse(null);
                if (current == null && name == null) {
                    throw new KithException("your first profile needs --name");
                }
                Profile next = new Profile(
                        pick(name, current == null ? null : current.name()),
                        pick(bio, current == null ? null : current.bio()),
                        pickList(skills, current == null ? null : current.skills()),
                        pickList(offers, current == null ? null : current.offers()),
                        pickList(needs, current == null ? null : current.needs()),
                        pickList(values, current == null ? null : current.values()),
                        pickList(links, current == null ? null : current.links()),
                        pick(location, current == null ? null : current.location()),
                        currentAvatar(node, current));
                ctx().out.println(node.setProfile(next));
            }
        }

        /** The avatar of the current profile (set by another client): kept, as every field not given. */
        private static String currentAvatar(KithNode node, Views.Person current) {
            if (current == null || !current.hasAvatar() || current.profileId() == null) {
                return null;
            }
            return node.store().record(RecordId.parse(current.profileId()))
                    .map(r -> r.payload().body() instanceof Profile p ? p.avatar() : null)
                    .orElse(null);
        }

        private static String pick(String given, String current) {
            if (given == null) {
                return current;
            }
            return given.isBlank() ? null : given.strip();
        }

        private static List<String> pickList(List<String> given, List<String> current) {
            if (given == null) {
                return current == null ? List.of() : current;
            }
            return given.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    @Command(name = "show", description = "Show a profile (yours if PERSON is omitted).")
    static final class Show extends BaseCommand {
        @Parameters(arity = "0..1", paramLabel = "PERSON", description = "Peer ID, unique prefix, or name.")
        String person;

        @Mixin
        JsonOption json;

        @Override
        void run() throws Exception {
            try (KithNode node = openReadOnly()) {
                PeerId who = person == null ? node.self() : node.resolvePerson(person);
                Views.Person p = node.queries().person(who.toBase58())
                        .orElseThrow(() -> new KithException("no profile known for " + who));
                if (json.json) {
                    ctx().printJson(p);
                    return;
                }
                var out = ctx().out;
                out.println(p.name() + "  (" + p.peerId() + ")");
                line("bio", p.bio());
                line("location", p.location());
                line("skills", String.join(", ", p.skills()));
                line("offers", String.join(", ", p.offers()));
                line("needs", String.join(", ", p.needs()));
                line("values", String.join(", ", p.values()));
                line("links", String.join(" ", p.links()));
            }
        }

        private void line(String label, String value) {
            if (value != null && !value.isEmpty()) {
                ctx().out.printf("  %-9s %s%n", label + ":", value);
            }
        }
    }
}
