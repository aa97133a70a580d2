package org.kith.node.trust;

import java.util.Arrays;
import java.util.List;
import org.kith.protocol.record.TrustLevel;

/**
 * The walk's view of a {@link TrustGraph} from one user: dense indices, the user's direct levels and distrust,
 * fork flags, and the usable vouch edges as CSR by source (for the walk) and by destination (for explanations).
 * Immutable once built; which edges are usable is decided here (see {@link TrustEngine}).
 */
final class WalkGraph {

    /** Names by dense index: the graph's people, then the user if the graph does not mention them. */
    final String[] names;
    final int user;
    final boolean[] forked;
    /** The user's own current vouch level per person, or null. */
    final TrustLevel[] direct;
    final boolean[] distrusted;
    final int[] outStart;
    final int[] outDst;
    final double[] outProb;
    final int[] inStart;
    final int[] inSrc;
    final double[] inProb;
    final byte[] inLevel;

    private WalkGraph(String[] names, int user, boolean[] forked, TrustLevel[] direct, boolean[] distrusted,
            int[] outStart, int[] outDst, double[] outProb, int[] inStart, int[] inSrc, double[] inProb,
            byte[] inLevel) {
        this.names = names;
        this.user = user;
        this.forked = forked;
        this.direct = direct;
        this.distrusted = distrusted;
        this.outStart = outStart;
        this.outDst = outDst;
        this.outProb = outProb;
        this.inStart = inStart;
        this.inSrc = inSrc;
        this.inProb = inProb;
        this.inLevel = inLevel;
    }

    int size() {
        return names.length;
    }

    static WalkGraph of(TrustGraph graph, String user) {
        List<String> people = graph.people();
        int known = graph.size();
        int u = graph.indexOf(user);
        int n = u >= 0 ? known : known + 1; // an unknown user gets a slot of their own (and trusts no one)
        String[] names = people.toArray(new String[n]);
        if (u < 0) {
            u = known;
            names[u] = user;
        }

        boolean[] forked = new boolean[n];
        for (String f : graph.forked()) {
            forked[graph.indexOf(f)] = true;
        }

        // The user's own vouches: direct trust and direct distrust.
        TrustLevel[] direct = new TrustLevel[n];
        boolean[] distrusted = new boolean[n];
        List<TrustGraph.Vouch> vouches = graph.vouches();
        for (TrustGraph.Vouch v : vouches) {
            if (v.retracted() || !v.author().equals(user) || v.subject().equals(user)) {
                continue;
            }
            int s = graph.indexOf(v.subject());
            direct[s] = v.level();
            distrusted[s] = v.level() == TrustLevel.DISTRUST;
        }

        int m = vouches.size();
        int[] src = new int[m];
        int[] dst = new int[m];
        double[] w = new double[m];
        byte[] lvl = new byte[m];
        int e = 0;
        for (TrustGraph.Vouch v : vouches) {
            double wt = TrustEngine.weight(v.level());
            if (v.retracted() || wt == 0 || v.author().equals(v.subject())) {
                continue;
            }
            int a = graph.indexOf(v.author());
            int b = graph.indexOf(v.subject());
            if ((forked[a] && a != u) || distrusted[a] || distrusted[b]) {
                continue;
            }
            src[e] = a;
            dst[e] = b;
            w[e] = wt;
            lvl[e] = (byte) v.level().ordinal();
            e++;
        }
        double[] outSum = new double[n];
        int[] outStart = new int[n + 1];
        int[] inStart = new int[n + 1];
        for (int i = 0; i < e; i++) {
            outSum[src[i]] += w[i];
            outStart[src[i] + 1]++;
            inStart[dst[i] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            outStart[i + 1] += outStart[i];
            inStart[i + 1] += inStart[i];
        }
        int[] outDst = new int[e];
        double[] outProb = new double[e];
        int[] inSrc = new int[e];
        double[] inProb = new double[e];
        byte[] inLevel = new byte[e];
        int[] outFill = Arrays.copyOf(outStart, n);
        int[] inFill = Arrays.copyOf(inStart, n);
        for (int i = 0; i < e; i++) {
            double prob = w[i] / outSum[src[i]];
            int o = outFill[src[i]]++;
            outDst[o] = dst[i];
            outProb[o] = prob;
            int k = inFill[dst[i]]++;
            inSrc[k] = src[i];
            inProb[k] = prob;
            inLevel[k] = lvl[i];
        }
        return new WalkGraph(names, u, forked, direct, distrusted, outStart, outDst, outProb, inStart, inSrc,
                inProb, inLevel);
    }

    /**
     * This walk graph grown to the people {@code graph} mentions beyond ours, who have no usable edges yet (so the
     * walk is unchanged). Only valid when the user is one of {@code graph}'s people and nothing but people was
     * added; O(n).
     */
    WalkGraph withNewPeople(TrustGraph graph) {
        int n = graph.size();
        String[] grownNames = graph.people().toArray(new String[n]);
        return new WalkGraph(grownNames, user, Arrays.copyOf(forked, n), Arrays.copyOf(direct, n),
                Arrays.copyOf(distrusted, n), extend(outStart, n), outDst, outProb, extend(inStart, n), inSrc,
                inProb, inLevel);
    }

    /** A CSR start array extended with empty rows up to {@code n} people. */
    private static int[] extend(int[] start, int n) {
        int[] out = Arrays.copyOf(start, n + 1);
        Arrays.fill(out, start.length, n + 1, start[start.length - 1]);
        return out;
    }
}
