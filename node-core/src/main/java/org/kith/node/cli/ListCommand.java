package org.kith.node.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.store.StoreQueries;
import org.kith.node.store.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "list", description = "List people, proposals, commitments or attestations this node knows.")
final class ListCommand extends BaseCommand {

    enum What { people, proposals, commitments, attestations }

    @Parameters(paramLabel = "people|proposals|commitments|attestations") What what;
    @Option(names = "--swarm", paramLabel = "NAME") String swarm;
    @Option(names = "--status", paramLabel = "S") String status;
    @Option(names = "--skill", paramLabel = "S") String skill;
    @Option(names = "--tag", paramLabel = "T") String tag;
    @Option(names = "--text", paramLabel = "WORDS", description = "Proposals whose title, summary or details contain this.")
    String text;
    @Option(names = "--person", paramLabel = "PERSON", description = "Commitments by, or attestations about, this person.")
    String person;
    @Mixin JsonOption json;

    @Override
    void run() throws Exception {
        try (KithNode node = openReadOnly()) {
            StoreQueries q = node.queries();
            String swarmId = swarm == null ? null : node.swarmIdOf(swarm);
            String personId = person == null ? null : node.resolvePerson(person).toBase58();
            Names names = new Names(q);
            switch (what) {
                case people -> {
                    List<Views.Person> people = skill == null ? q.people() : q.peopleWithSkill(skill);
                    if (json.json) {
                        ctx().printJson(people);
                    } else {
                        for (Views.Person p : people) {
                            ctx().out.printf("%-24s %s  %s%n", p.name(), abbreviate(p.peerId()), String.join(", ", p.skills()));
                        }
                        empty(people, "no people yet");
                    }
                }
                case proposals -> {
                    List<Views.Proposal> ps = q.proposals(new Views.ProposalFilter(status, skill, tag, text, swarmId, null));
                    if (json.json) {
                        ctx().printJson(ps);
                    } else {
                        for (Views.Proposal p : ps) {
                            ctx().out.printf("%s  %-9s %-9s %s  (by %s)%n", p.id().substring(0, 12), p.status(), p.kind(),
                                    p.title(), names.of(p.author()));
                        }
                        empty(ps, "no proposals match");
                    }
                }
                case commitments -> {
                    List<Views.Commitment> cs = q.commitments(null, personId, status);
                    if (json.json) {
                        ctx().printJson(cs);
                    } else {
                        for (Views.Commitment c : cs) {
                            ctx().out.printf("%s  %-12s due %s  %s  (by %s)%n", c.id().substring(0, 12), c.status(),
                                    c.due(), c.what(), names.of(c.author()));
                        }
                        empty(cs, "no commitments match");
                    }
                }
                case attestations -> {
                    List<Views.Attestation> as = q.attestations(null, personId, null);
                    if (json.json) {
                        ctx().printJson(as);
                    } else {
                        for (Views.Attestation a : as) {
                            ctx().out.printf("%s  %-11s about %s by %s%s%n", a.id().substring(0, 12), a.outcome(),
                                    names.of(a.committer()), names.of(a.author()), a.note() == null ? "" : ": " + a.note());
                        }
                        empty(as, "no attestations match");
                    }
                }
                default -> throw new KithException("cannot list " + what);
            }
        }
    }

    private void empty(List<?> list, String message) {
        if (list.isEmpty()) {
            ctx().err.println(message);
        }
    }

    static String abbreviate(String peerId) {
        return peerId.length() > 16 ? peerId.substring(0, 8) + "…" + peerId.substring(peerId.length() - 6) : peerId;
    }

    /** Display names of peers, looked up once each. */
    static final class Names {
        private final StoreQueries q;
        private final Map<String, String> cache = new HashMap<>();

        Names(StoreQueries q) {
            this.q = q;
        }

        String of(String peerId) {
            return cache.computeIfAbsent(peerId, id -> q.person(id).map(Views.Person::name).orElse(abbreviate(id)));
        }
    }
}
