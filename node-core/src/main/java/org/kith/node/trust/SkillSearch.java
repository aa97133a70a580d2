package org.kith.node.trust;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.kith.node.store.StoreQueries;
import org.kith.node.store.Views;
import org.kith.protocol.record.TrustLevel;
import org.kith.protocol.record.WireEnum;

/**
 * People whose profile lists a skill, ranked for the user ({@code kith find --skill S}).
 *
 * <p><b>score = match × trust × reliability</b>, each in [0, 1]:
 * <ul>
 *   <li>match = 1 when the profile lists the skill (compared ignoring case); only such people are candidates;</li>
 *   <li>trust = the user's normalised trust in the person ({@link TrustResult#normalizedTrust});</li>
 *   <li>reliability = the Beta expected value α/(α+β) ({@link TrustResult.Reliability#expected}), which with the
 *       prior (1, 1) is the observed kept-rate shrunk towards ½ by the confidence c = n/(n+2):
 *       c × observed + (1 − c) × ½; ½ for someone never attested.</li>
 * </ul>
 * Ranked by score, highest first; then (all with score 0, i.e. no trust path) by reliability; people the user
 * distrusts come last. Ties by name, then peer ID. The user is never listed. Domain vouches for the skill
 * (the user's own, and those by people the user trusts) are given in the reason and break ties between equal
 * scores, but do not change the score: trust comes from the walk alone.
 */
public final class SkillSearch {

    /** One person found; {@code via} is the first voucher on the strongest path, or null. */
    public record Match(Views.Person person, double score, double trust, double trustMass,
            TrustResult.Reliability reliability, PersonalTrust.Counts counts, TrustLevel yourVouch,
            TrustLevel yourSkillVouch, int trustedSkillVouches, boolean distrusted, boolean forked, String via,
            String reason) {

        public boolean noTrustPath() {
            return trust == 0;
        }
    }

    private SkillSearch() {
    }

    /**
     * The top {@code limit} people with {@code skill}; names for reasons come from {@code nameOf} (peer ID →
     * display name).
     */
    public static List<Match> find(PersonalTrust trust, StoreQueries queries, String skill, int limit,
            Function<String, String> nameOf) {
        TrustResult r = trust.result();
        String user = trust.user();
        Map<String, TrustLevel> yourSkillVouch = new HashMap<>();
        Map<String, Integer> trustedSkillVouches = new HashMap<>();
        for (Views.Vouch v : queries.domainVouches(skill)) {
            TrustLevel level = WireEnum.fromWire(TrustLevel.class, v.level());
            if (level == null || v.author().equals(v.subject())) {
                continue;
            }
            if (v.author().equals(user)) {
                yourSkillVouch.put(v.subject(), level);
            } else if (TrustEngine.weight(level) > 0 && r.normalizedTrust(v.author()) > 0
                    && !r.distrustedByUser(v.author())) {
                trustedSkillVouches.merge(v.subject(), 1, Integer::sum);
            }
        }
        record Candidate(Views.Person person, double score, double trust, TrustResult.Reliability rel,
                boolean distrusted, int skillVouches) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Views.Person p : queries.peopleWithSkill(skill)) {
            String id = p.peerId();
            if (id.equals(user)) {
                continue;
            }
            double t = r.normalizedTrust(id);
            TrustResult.Reliability rel = r.reliability(id);
            candidates.add(new Candidate(p, t * rel.expected(), t, rel, r.distrustedByUser(id),
                    trustedSkillVouches.getOrDefault(id, 0)));
        }
        candidates.sort(Comparator.comparing(Candidate::distrusted)
                .thenComparing(Comparator.comparingDouble(Candidate::score).reversed())
                .thenComparing(Comparator.comparingDouble((Candidate c) -> c.rel().expected()).reversed())
                .thenComparing(Comparator.comparingInt(Candidate::skillVouches).reversed())
                .thenComparing(c -> c.person().name(), String.CASE_INSENSITIVE_ORDER)
                .thenComparing(c -> c.person().peerId()));
        List<Match> out = new ArrayList<>();
        for (Candidate c : candidates.subList(0, Math.min(limit, candidates.size()))) {
            String id = c.person().peerId();
            PersonalTrust.Report report = trust.explain(id, 1);
            TrustResult.Explanation e = report.explanation();
            String via = e.topPaths().isEmpty() ? null : e.topPaths().get(0).from();
            if (user.equals(via)) {
                via = null;
            }
            TrustLevel skillVouch = yourSkillVouch.get(id);
            String reason = reason(e, via, report.counts(), skill, skillVouch, c.skillVouches(), nameOf);
            out.add(new Match(c.person(), c.score(), c.trust(), e.trust(), c.rel(), report.counts(), e.directLevel(),
                    skillVouch, c.skillVouches(), c.distrusted(), e.forked(), via, reason));
        }
        return List.copyOf(out);
    }

    /** E.g. "vouched high by you; 4 kept of 5 attested; skill in profile". */
    static String reason(TrustResult.Explanation e, String via, PersonalTrust.Counts counts, String skill,
            TrustLevel yourSkillVouch, int trustedSkillVouches, Function<String, String> nameOf) {
        List<String> parts = new ArrayList<>();
        if (e.distrustedByUser()) {
            parts.add("distrusted by you");
        } else if (e.trust() <= 0) {
            parts.add("no trust path");
        } else if (e.directLevel() != null && TrustEngine.weight(e.directLevel()) > 0) {
            parts.add("vouched " + e.directLevel().wire() + " by you");
        } else if (via != null) {
            parts.add("trusted via " + nameOf.apply(via));
        } else {
            parts.add("trusted");
        }
        if (counts.total() == 0) {
            parts.add("not attested yet");
        } else {
            parts.add(counts.kept() + " kept of " + counts.total() + " attested"
                    + (counts.partlyKept() > 0 ? " (" + counts.partlyKept() + " partly)" : ""));
        }
        String skillPart = "skill in profile";
        if (yourSkillVouch != null) {
            skillPart += ", you vouched " + yourSkillVouch.wire() + " for " + skill;
        }
        if (trustedSkillVouches > 0) {
            skillPart += ", vouched for " + skill + " by " + trustedSkillVouches
                    + (trustedSkillVouches == 1 ? " person" : " people") + " you trust";
        }
        parts.add(skillPart);
        if (e.forked()) {
            parts.add("feed forked");
        }
        return String.join("; ", parts);
    }
}
