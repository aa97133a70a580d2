package org.kith.node.trust;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.kith.protocol.record.Outcome;
import org.kith.protocol.record.TrustLevel;

/** Trust and reliability of everyone in a graph from one user's point of view; see {@link TrustEngine}. */
public final class TrustResult {

    /** Beta reliability estimate; {@code evidence} is the total attestation weight counted. */
    public record Reliability(double alpha, double beta, double expected, double evidence, double confidence) {
    }

    /** A person with their walk mass and normalised trust. */
    public record Score(String person, double trust, double normalizedTrust) {
    }

    /**
     * One in-edge's share of a person's trust: {@code from} vouched at {@code level}; {@code contribution} is
     * the walk mass arriving over that edge, {@code share} its fraction of the person's mass, and
     * {@code pathFromUser} a vouch chain from the user to {@code from} (inclusive), strongest contributor first.
     */
    public record PathContribution(String from, TrustLevel level, double contribution, double share,
            List<String> pathFromUser) {
    }

    /** An attestation about the person's commitments; {@code ignoredReason} is null when it was counted. */
    public record AttestationContribution(String attester, String commitmentId, Outcome outcome, double weight,
            boolean retracted, String ignoredReason) {
    }

    /** Why a person has the score they have. */
    public record Explanation(String person, double trust, double normalizedTrust, TrustLevel directLevel,
            boolean distrustedByUser, boolean forked, List<PathContribution> topPaths, Reliability reliability,
            List<AttestationContribution> topAttestations, List<AttestationContribution> ignoredAttestations) {
    }

    private final TrustEngine engine;
    private final TrustGraph graph;
    private final WalkGraph wg;
    private final String[] names;
    private final int user;
    private final TrustEngine.Walk walk;
    private final double[] p;
    private final double[] norm;
    private final double[] alpha;
    private final double[] beta;

    /** Takes ownership of the arrays: nobody writes them afterwards. */
    TrustResult(TrustEngine engine, TrustGraph graph, WalkGraph wg, TrustEngine.Walk walk, double[] norm,
            double[] alpha, double[] beta) {
        this.engine = engine;
        this.graph = graph;
        this.wg = wg;
        this.names = wg.names;
        this.user = wg.user;
        this.walk = walk;
        this.p = walk.p();
        this.norm = norm;
        this.alpha = alpha;
        this.beta = beta;
    }

    TrustEngine engine() {
        return engine;
    }

    TrustGraph graph() {
        return graph;
    }

    WalkGraph walkGraph() {
        return wg;
    }

    TrustEngine.Walk walk() {
        return walk;
    }

    double[] normArray() {
        return norm;
    }

    double[] alphaArray() {
        return alpha;
    }

    double[] betaArray() {
        return beta;
    }

    public String user() {
        return names[user];
    }

    /** Power iterations of the walk that produced this result (after a warm start: of that run only). */
    public int iterations() {
        return walk.iterations();
    }

    public boolean converged() {
        return walk.converged();
    }

    private int idx(String person) {
        int i = graph.indexOf(person);
        if (i < 0 && person.equals(names[user])) {
            return user;
        }
        return i;
    }

    /** Stationary walk mass of {@code person} (all masses sum to 1); 0 for unknown people. */
    public double trust(String person) {
        int i = idx(person);
        return i < 0 ? 0.0 : p[i];
    }

    /** Trust scaled to [0, 1] by the most trusted person other than the user; the user has 1. */
    public double normalizedTrust(String person) {
        int i = idx(person);
        return i < 0 ? 0.0 : norm[i];
    }

    /** The user's own current vouch level for {@code person}, or null. */
    public TrustLevel directLevel(String person) {
        int i = idx(person);
        return i < 0 ? null : wg.direct[i];
    }

    public boolean distrustedByUser(String person) {
        int i = idx(person);
        return i >= 0 && wg.distrusted[i];
    }

    public Reliability reliability(String person) {
        int i = idx(person);
        return i < 0 ? reliability(1, 1) : reliability(alpha[i], beta[i]);
    }

    private static Reliability reliability(double a, double b) {
        double evidence = a + b - 2;
        return new Reliability(a, b, a / (a + b), evidence, evidence / (evidence + TrustEngine.PRIOR_WEIGHT));
    }

    /** Everyone but the user with positive trust, most trusted first (ties by name), at most {@code limit}. */
    public List<Score> ranking(int limit) {
        List<Score> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (i != user && p[i] > 0) {
                out.add(new Score(names[i], p[i], norm[i]));
            }
        }
        out.sort(Comparator.comparingDouble(Score::trust).reversed().thenComparing(Score::person));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
    }

    public Explanation explain(String person) {
        return explain(person, 3);
    }

    /** The score of {@code person}, its top {@code k} in-edges with paths, and top {@code k} attestations. */
    public Explanation explain(String person, int k) {
        int v = idx(person);
        if (v < 0) {
            return new Explanation(person, 0, 0, null, false, false, List.of(), reliability(1, 1), List.of(),
                    List.of());
        }
        // In-edges by contribution.
        int[] inStart = wg.inStart;
        int[] inSrc = wg.inSrc;
        double[] inProb = wg.inProb;
        int from = inStart[v];
        int to = inStart[v + 1];
        Integer[] order = new Integer[to - from];
        for (int j = 0; j < order.length; j++) {
            order[j] = from + j;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> -p[inSrc[j]] * inProb[j])
                .thenComparing(j -> names[inSrc[j]]));
        List<PathContribution> paths = new ArrayList<>();
        int[] bfsParent = null;
        for (int j = 0; j < order.length && paths.size() < k; j++) {
            int edge = order[j];
            int a = inSrc[edge];
            double c = engine.follow() * p[a] * inProb[edge];
            if (c <= 0) {
                break;
            }
            List<String> path = strongestPath(a);
            if (path == null) {
                if (bfsParent == null) {
                    bfsParent = bfs();
                }
                path = bfsPath(bfsParent, a);
            }
            paths.add(new PathContribution(names[a], TrustLevel.values()[wg.inLevel[edge]], c,
                    p[v] > 0 ? c / p[v] : 0, path));
        }
        // Attestations.
        List<AttestationContribution> counted = new ArrayList<>();
        List<AttestationContribution> ignored = new ArrayList<>();
        for (TrustGraph.Attestation a : graph.attestations()) {
            if (!a.committer().equals(names[v])) {
                continue;
            }
            int r = graph.indexOf(a.attester());
            double w = engine.attesterWeight(r, wg, norm);
            String reason = TrustEngine.ignoredReason(a, r, v, wg, w);
            (reason == null ? counted : ignored).add(new AttestationContribution(a.attester(), a.commitmentId(),
                    a.outcome(), reason == null ? w : 0.0, a.retracted(), reason));
        }
        counted.sort(Comparator.comparingDouble(AttestationContribution::weight).reversed()
                .thenComparing(AttestationContribution::commitmentId));
        return new Explanation(names[v], p[v], norm[v], wg.direct[v], wg.distrusted[v], wg.forked[v],
                List.copyOf(paths),
                reliability(alpha[v], beta[v]), List.copyOf(counted.subList(0, Math.min(k, counted.size()))),
                List.copyOf(ignored));
    }

    /** Follows the strongest contributing in-edge back to the user; null on a dead end. */
    private List<String> strongestPath(int start) {
        ArrayDeque<String> path = new ArrayDeque<>();
        boolean[] seen = new boolean[names.length];
        int cur = start;
        while (true) {
            path.addFirst(names[cur]);
            if (cur == user) {
                return List.copyOf(path);
            }
            seen[cur] = true;
            int best = -1;
            double bestC = 0;
            for (int j = wg.inStart[cur]; j < wg.inStart[cur + 1]; j++) {
                int a = wg.inSrc[j];
                double c = p[a] * wg.inProb[j];
                if (!seen[a] && c > bestC) {
                    best = a;
                    bestC = c;
                }
            }
            if (best < 0) {
                return null;
            }
            cur = best;
        }
    }

    private int[] bfs() {
        int[] parent = new int[names.length];
        Arrays.fill(parent, -2);
        parent[user] = -1;
        int[] queue = new int[names.length];
        int head = 0;
        int tail = 0;
        queue[tail++] = user;
        while (head < tail) {
            int a = queue[head++];
            for (int j = wg.outStart[a]; j < wg.outStart[a + 1]; j++) {
                int b = wg.outDst[j];
                if (parent[b] == -2) {
                    parent[b] = a;
                    queue[tail++] = b;
                }
            }
        }
        return parent;
    }

    private List<String> bfsPath(int[] parent, int target) {
        if (parent[target] == -2) {
            return List.of();
        }
        ArrayDeque<String> path = new ArrayDeque<>();
        for (int c = target; c >= 0; c = parent[c]) {
            path.addFirst(names[c]);
        }
        return List.copyOf(path);
    }
}
