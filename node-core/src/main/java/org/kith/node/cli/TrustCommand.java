package org.kith.node.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.store.StoreQueries;
import org.kith.node.store.Views;
import org.kith.node.trust.PersonalTrust;
import org.kith.node.trust.TrustResult;
import org.kith.protocol.record.TrustLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

@Command(name = "trust", description = "How much you can count on people: scores and why.",
        subcommands = {TrustCommand.Explain.class, TrustCommand.ListTrusted.class})
final class TrustCommand {

    /** Paths and counted attestations shown by {@code trust explain}. */
    static final int EXPLAIN_TOP = 5;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1_000;

    /** {@code --limit N}: 1 to {@link #MAX_LIMIT}; anything else is a usage error. */
    static final class Limit implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw new TypeConversionException("'" + value + "' is not a number from 1 to " + MAX_LIMIT);
            }
            return n;
        }
    }

    @Command(name = "explain", description = "A person's trust score, reliability and the reasons for both.")
    static final class Explain extends BaseCommand {
        @Parameters(paramLabel = "PERSON", description = "Peer ID, unique prefix, or name.") String person;
        @Mixin JsonOption json;

        @Override
        void run() throws Exception {
            try (KithNode node = openReadOnly()) {
                String id = node.resolvePerson(person).toBase58();
                String user = node.self().toBase58();
                PersonalTrust trust = PersonalTrust.compute(node.queries(), user);
                boolean self = id.equals(user);
                if (!self && !trust.mentions(id) && !node.queries().knowsPerson(id)) {
                    throw new KithException("nothing is known about " + id + " on this node: no records by or about them");
                }
                PersonalTrust.Report report = trust.explain(id, EXPLAIN_TOP);
                Labels names = new Labels(node.queries(), user);
                if (json.json) {
                    ctx().printJson(json(id, self, report, names));
                } else {
                    print(ctx().out, id, self, report, names);
                }
            }
        }

        private static Map<String, Object> json(String id, boolean self, PersonalTrust.Report report,
                Labels names) {
            TrustResult.Explanation e = report.explanation();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("peerId", id);
            out.put("name", names.name(id));
            out.put("self", self);
            out.put("trust", e.normalizedTrust());
            out.put("trustMass", e.trust());
            out.put("yourVouch", e.directLevel() == null ? null : e.directLevel().wire());
            out.put("distrusted", e.distrustedByUser());
            out.put("forked", e.forked());
            out.put("noTrustPath", !self && e.trust() <= 0);
            out.put("reliability", reliability(e.reliability(), report.counts()));
            List<Map<String, Object>> paths = new ArrayList<>();
            if (!self) {
                for (TrustResult.PathContribution p : e.topPaths()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("from", p.from());
                    m.put("fromName", names.name(p.from()));
                    m.put("level", p.level().wire());
                    m.put("contribution", p.contribution());
                    m.put("share", p.share());
                    List<Map<String, Object>> chain = new ArrayList<>();
                    for (String hop : hops(p, id)) {
                        Map<String, Object> h = new LinkedHashMap<>();
                        h.put("peerId", hop);
                        h.put("name", names.name(hop));
                        chain.add(h);
                    }
                    m.put("path", chain);
                    paths.add(m);
                }
            }
            out.put("paths", paths);
            List<Map<String, Object>> counted = new ArrayList<>();
            for (TrustResult.AttestationContribution a : e.topAttestations()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("attester", a.attester());
                m.put("attesterName", names.name(a.attester()));
                m.put("commitmentId", a.commitmentId());
                m.put("outcome", a.outcome().wire());
                m.put("weight", a.weight());
                counted.add(m);
            }
            out.put("attestations", counted);
            List<Map<String, Object>> ignored = new ArrayList<>();
            for (PersonalTrust.Ignored a : report.ignored()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("attester", a.attester());
                m.put("attesterName", names.name(a.attester()));
                m.put("commitmentId", a.commitmentId());
                m.put("outcome", a.outcome().wire());
                m.put("reason", a.reason());
                ignored.add(m);
            }
            out.put("ignoredAttestations", ignored);
            return out;
        }

        private static void print(PrintWriter w, String id, boolean self, PersonalTrust.Report report,
                Labels names) {
            TrustResult.Explanation e = report.explanation();
            w.printf("%s  (%s)%n", names.of(id), id);
            if (self) {
                w.println("  this is you: every trust score starts from you");
            } else {
                w.printf(Locale.ROOT, "  trust:        %.3f of your most trusted (walk mass %.5f)%n",
                        e.normalizedTrust(), e.trust());
                w.printf("  your vouch:   %s%n", e.directLevel() == null ? "none" : e.directLevel().wire());
            }
            if (e.distrustedByUser()) {
                w.println("  DISTRUSTED by you: trust 0, whatever others vouch");
            }
            if (e.forked()) {
                w.println("  FORKED feed: signed conflicting records; their vouches and attestations do not count");
            }
            PersonalTrust.Counts c = report.counts();
            TrustResult.Reliability r = e.reliability();
            w.printf(Locale.ROOT, "  reliability:  %.3f expected, confidence %.3f (evidence %.2f: %d kept, %d partly kept,"
                    + " %d not kept)%n", r.expected(), r.confidence(), r.evidence(), c.kept(), c.partlyKept(), c.notKept());
            if (!self) {
                if (e.topPaths().isEmpty()) {
                    w.println(e.distrustedByUser() ? "  trusted via:  (nobody: your distrust stops every path)"
                            : "  trusted via:  no trust path from you");
                } else {
                    w.println("  trusted via:");
                    for (TrustResult.PathContribution p : e.topPaths()) {
                        List<String> hops = new ArrayList<>();
                        for (String hop : hops(p, id)) {
                            hops.add(names.who(hop));
                        }
                        w.printf(Locale.ROOT, "    %-20s vouched %-4s %5.1f%%  %s%n",
                                names.who(p.from()), p.level().wire(), 100 * p.share(),
                                String.join(" → ", hops));
                    }
                }
            }
            if (!e.topAttestations().isEmpty()) {
                w.println("  counted attestations:");
                for (TrustResult.AttestationContribution a : e.topAttestations()) {
                    w.printf(Locale.ROOT, "    %-11s by %-20s weight %.3f  commitment %s%n", a.outcome().wire(),
                            names.who(a.attester()), a.weight(), shortId(a.commitmentId()));
                }
            }
            if (!report.ignored().isEmpty()) {
                w.println("  ignored attestations:");
                for (PersonalTrust.Ignored a : report.ignored()) {
                    w.printf("    %-11s by %-20s commitment %s: %s%n", a.outcome().wire(), names.who(a.attester()),
                            shortId(a.commitmentId()), a.reason());
                }
            }
        }
    }

    @Command(name = "list", description = "The people you trust most, highest first.")
    static final class ListTrusted extends BaseCommand {
        @Option(names = "--limit", paramLabel = "N", converter = Limit.class,
                description = "At most N people (1 to 1000; default 20).")
        int limit = DEFAULT_LIMIT;
        @Mixin JsonOption json;

        @Override
        void run() throws Exception {
            try (KithNode node = openReadOnly()) {
                String user = node.self().toBase58();
                PersonalTrust trust = PersonalTrust.compute(node.queries(), user);
                Labels names = new Labels(node.queries(), user);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (TrustResult.Score s : trust.result().ranking(limit)) {
                    TrustLevel direct = trust.result().directLevel(s.person());
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("peerId", s.person());
                    m.put("name", names.name(s.person()));
                    m.put("trust", s.normalizedTrust());
                    m.put("trustMass", s.trust());
                    m.put("yourVouch", direct == null ? null : direct.wire());
                    rows.add(m);
                }
                if (json.json) {
                    ctx().printJson(rows);
                    return;
                }
                for (Map<String, Object> m : rows) {
                    ctx().out.printf(Locale.ROOT, "%.3f  %-24s %s%s%n", (Double) m.get("trust"),
                            names.of((String) m.get("peerId")), ListCommand.abbreviate((String) m.get("peerId")),
                            m.get("yourVouch") == null ? "" : "  (your vouch: " + m.get("yourVouch") + ")");
                }
                if (rows.isEmpty()) {
                    ctx().err.println("you trust no one yet: kith vouch PERSON --level some|high");
                }
            }
        }
    }

    /** Reliability as JSON: the Beta estimate and the counted attestations by outcome. */
    static Map<String, Object> reliability(TrustResult.Reliability r, PersonalTrust.Counts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("expected", r.expected());
        m.put("confidence", r.confidence());
        m.put("evidence", r.evidence());
        m.put("kept", c.kept());
        m.put("partlyKept", c.partlyKept());
        m.put("notKept", c.notKept());
        return m;
    }

    /** The vouch chain user → … → from → person. */
    static List<String> hops(TrustResult.PathContribution p, String person) {
        List<String> hops = new ArrayList<>(p.pathFromUser());
        hops.add(person);
        return hops;
    }

    /** Display names of peers, looked up once each; the user is "you". */
    static final class Labels {
        private final StoreQueries queries;
        private final String user;
        private final Map<String, Optional<String>> cache = new HashMap<>();

        Labels(StoreQueries queries, String user) {
            this.queries = queries;
            this.user = user;
        }

        /** The profile name, or null when the person has no profile here. */
        String name(String peerId) {
            return cache.computeIfAbsent(peerId, id -> queries.person(id).map(Views.Person::name)).orElse(null);
        }

        /** The profile name, else the abbreviated peer ID. */
        String of(String peerId) {
            String n = name(peerId);
            return n == null ? ListCommand.abbreviate(peerId) : n;
        }

        /** As {@link #of}, but "you" for the user. */
        String who(String peerId) {
            return peerId.equals(user) ? "you" : of(peerId);
        }
    }

    static String shortId(String recordId) {
        return recordId.length() > 12 ? recordId.substring(0, 12) : recordId;
    }
}
