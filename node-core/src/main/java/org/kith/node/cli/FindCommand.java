package org.kith.node.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kith.node.KithException;
import org.kith.node.KithNode;
import org.kith.node.trust.PersonalTrust;
import org.kith.node.trust.SkillSearch;
import org.kith.protocol.record.Limits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "find", description = "People with a skill, ranked by trust × reliability, with the reasons"
        + " (score = trust × reliability expected value; no trust path = 0, listed last).")
final class FindCommand extends BaseCommand {

    @Option(names = "--skill", required = true, paramLabel = "S",
            description = "A skill as people list it in their profiles (any case).") String skill;
    @Option(names = "--limit", paramLabel = "N", converter = TrustCommand.Limit.class,
            description = "At most N people (1 to 1000; default 20).")
    int limit = TrustCommand.DEFAULT_LIMIT;
    @Mixin JsonOption json;

    @Override
    void run() throws Exception {
        String s = skill.strip();
        if (s.isEmpty()) {
            throw new KithException("--skill must not be empty");
        }
        if (s.length() > Limits.MAX_SKILL_CHARS) {
            throw new KithException("--skill is longer than " + Limits.MAX_SKILL_CHARS
                    + " characters, the longest skill a profile can list");
        }
        try (KithNode node = openReadOnly()) {
            String user = node.self().toBase58();
            PersonalTrust trust = PersonalTrust.compute(node.queries(), user);
            TrustCommand.Labels names = new TrustCommand.Labels(node.queries(), user);
            List<SkillSearch.Match> found = SkillSearch.find(trust, node.queries(), s, limit, names::who);
            if (json.json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (SkillSearch.Match m : found) {
                    rows.add(json(m, names));
                }
                ctx().printJson(rows);
                return;
            }
            for (SkillSearch.Match m : found) {
                ctx().out.printf(Locale.ROOT, "%.3f  %-20s %s  %s%n", m.score(), m.person().name(),
                        ListCommand.abbreviate(m.person().peerId()), m.reason());
            }
            if (found.isEmpty()) {
                ctx().err.println("no one here lists the skill \"" + s + "\" in their profile");
            }
        }
    }

    private static Map<String, Object> json(SkillSearch.Match m, TrustCommand.Labels names) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("peerId", m.person().peerId());
        out.put("name", m.person().name());
        out.put("score", m.score());
        out.put("trust", m.trust());
        out.put("trustMass", m.trustMass());
        out.put("reliability", TrustCommand.reliability(m.reliability(), m.counts()));
        out.put("yourVouch", m.yourVouch() == null ? null : m.yourVouch().wire());
        out.put("yourSkillVouch", m.yourSkillVouch() == null ? null : m.yourSkillVouch().wire());
        out.put("trustedSkillVouches", m.trustedSkillVouches());
        out.put("distrusted", m.distrusted());
        out.put("forked", m.forked());
        out.put("noTrustPath", m.noTrustPath());
        out.put("via", m.via());
        out.put("viaName", m.via() == null ? null : names.name(m.via()));
        out.put("skills", m.person().skills());
        out.put("reason", m.reason());
        return out;
    }
}
