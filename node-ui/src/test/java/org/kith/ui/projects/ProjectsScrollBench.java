package org.kith.ui.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kith.node.store.IngestResult;
import org.kith.protocol.identity.Ed25519KeyPair;
import org.kith.protocol.record.Profile;
import org.kith.protocol.record.Proposal;
import org.kith.protocol.record.ProposalKind;
import org.kith.protocol.record.ProposalStatus;
import org.kith.protocol.record.RecordId;
import org.kith.protocol.record.RecordSigner;
import org.kith.protocol.record.SwarmId;
import org.kith.protocol.record.VerifiedRecord;
import org.kith.ui.KithApp;
import org.kith.ui.app.AppOptions;
import org.kith.ui.app.NodeSession;
import org.kith.ui.shell.Screens;
import org.kith.ui.shell.Section;
import org.kith.ui.shell.ShellController;
import org.kith.ui.testing.TestNodes;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Measurement, not a test (no timing assertions; the name keeps it out of the normal suite): a
 * home with 10,000 proposals by 50 people, the Projects screen opened in the shell headless, the
 * list scrolled end to end at 1,000 px per frame and then jumped to 300 random rows one per
 * frame, while an {@link AnimationTimer} records the gap between pulses. Also times the board's
 * load and in-memory filtering. Figures go to stdout and {@code target/benchmarks/projects-list.txt}.
 *
 * <p>Run: {@code mvn -q -o -pl node-ui -am test -Dtest=ProjectsScrollBench -Dsurefire.failIfNoSpecifiedTests=false}
 */
@ExtendWith(ApplicationExtension.class)
class ProjectsScrollBench {

    static final int PEOPLE = 50;
    static final int PER_PERSON = 200;
    static final int PROPOSALS = PEOPLE * PER_PERSON;
    static final double PIXELS_PER_FRAME = 1_000;
    static final int JUMPS = 300;

    private static final String[] SKILLS = {"carpentry", "cooking", "design", "planting", "organising", "welding",
        "sewing", "painting", "plumbing", "teaching", "writing", "repair"};
    private static final String[] WORDS = {"garden", "tool", "library", "bench", "kitchen", "mural", "bike", "roof",
        "seed", "market", "workshop", "map", "choir", "festival", "school", "bridge"};

    @TempDir
    Path tmp;

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void scrollsTenThousandProposals(FxRobot robot) throws Exception {
        Path home = TestNodes.identity(tmp.resolve("bench"), "Bench");
        TestNodes.kith(home, "profile", "set", "--skill", "carpentry");
        StringBuilder out = new StringBuilder();
        try (NodeSession session = TestNodes.session(home, false)) {
            long g0 = System.nanoTime();
            int stored = session.call(node -> generate(node.store())).get(10, TimeUnit.MINUTES);
            long genMillis = (System.nanoTime() - g0) / 1_000_000;
            assertEquals(PROPOSALS + PEOPLE, stored);

            KithApp.applyTheme(AppOptions.parse(List.of("--theme", "light"), java.util.Map.of()));
            ShellController shell = WaitForAsyncUtils.asyncFx(() -> {
                ShellController[] s = new ShellController[1];
                s[0] = new ShellController(session, section -> Screens.create(section, session, s[0]));
                Scene scene = new Scene(s[0].root(), KithApp.WIDTH, KithApp.HEIGHT);
                KithApp.style(scene);
                stage.setScene(scene);
                stage.show();
                return s[0];
            }).get(30, TimeUnit.SECONDS);
            long l0 = System.nanoTime();
            WaitForAsyncUtils.asyncFx(() -> shell.show(Section.PROJECTS)).get(30, TimeUnit.SECONDS);
            ProjectsController projects = (ProjectsController) shell.screen(Section.PROJECTS);
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> projects.model().visible.size() == PROPOSALS);
            WaitForAsyncUtils.waitForFxEvents();
            long loadMillis = (System.nanoTime() - l0) / 1_000_000;

            @SuppressWarnings("unchecked")
            ListView<ProposalRow> list = robot.lookup("#projects-list").queryAs(ListView.class);
            VirtualFlow<?> flow = (VirtualFlow<?>) list.lookup(".virtual-flow");
            long[] scroll = run(new Driver() {
                @Override
                boolean step(int frame) {
                    flow.scrollPixels(PIXELS_PER_FRAME);
                    var last = flow.getLastVisibleCell();
                    return last != null && last.getIndex() >= PROPOSALS - 1;
                }
            });
            java.util.Random random = new java.util.Random(7);
            long[] jumps = run(new Driver() {
                @Override
                boolean step(int frame) {
                    list.scrollTo(random.nextInt(PROPOSALS));
                    return frame >= JUMPS;
                }
            });
            double[] filter = WaitForAsyncUtils.asyncFx(() -> {
                double[] ms = new double[3];
                ms[0] = time(() -> {
                    projects.model().search.set("garden bench");
                    projects.onFilter();
                });
                ms[1] = time(() -> {
                    projects.model().search.set("");
                    projects.model().status.set(ProposalStatus.ACTIVE);
                    projects.onFilter();
                });
                ms[2] = time(() -> {
                    projects.model().status.set(null);
                    projects.onFilter();
                });
                return ms;
            }).get(60, TimeUnit.SECONDS);
            System.gc();
            long heapMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;

            out.append("Projects list, ").append(PROPOSALS).append(" proposals (").append(PEOPLE)
                    .append(" authors), headless Monocle, software rendering, window ")
                    .append((int) KithApp.WIDTH).append('x').append((int) KithApp.HEIGHT).append('\n');
            out.append("machine: ").append(machine()).append('\n');
            out.append(String.format(Locale.ROOT, "generate + ingest %d records: %d ms%n", stored, genMillis));
            out.append(String.format(Locale.ROOT, "open Projects to %d rows shown: %d ms%n", PROPOSALS, loadMillis));
            out.append(describe("scroll end to end, " + (int) PIXELS_PER_FRAME + " px/frame", scroll));
            out.append(describe("jump to " + JUMPS + " random rows, one per frame", jumps));
            out.append(String.format(Locale.ROOT, "filter in memory (FX thread): search %.1f ms, status %.1f ms,"
                    + " clear %.1f ms%n", filter[0], filter[1], filter[2]));
            out.append("heap used after GC: ").append(heapMb).append(" MB\n");
        }
        System.out.print(out);
        Path file = Path.of("target", "benchmarks", "projects-list.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString());
    }

    /** One frame of a scroll run: returns true when done. */
    private abstract static class Driver {
        abstract boolean step(int frame);
    }

    /** Runs {@code d} once per pulse; returns the gaps between pulses in nanoseconds. */
    private static long[] run(Driver d) throws Exception {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        WaitForAsyncUtils.asyncFx(() -> new AnimationTimer() {
            private final List<Long> gaps = new ArrayList<>();
            private long last;
            private int frame;

            @Override
            public void handle(long now) {
                if (last != 0) {
                    gaps.add(now - last);
                }
                last = now;
                if (d.step(frame++)) {
                    stop();
                    done.complete(gaps.stream().mapToLong(Long::longValue).toArray());
                }
            }
        }.start()).get(10, TimeUnit.SECONDS);
        return done.get(10, TimeUnit.MINUTES);
    }

    private static String describe(String what, long[] gaps) {
        long[] g = gaps.clone();
        Arrays.sort(g);
        double total = Arrays.stream(g).sum() / 1e9;
        long stalls = Arrays.stream(g).filter(x -> x > 50_000_000L).count();
        return String.format(Locale.ROOT, "%s: %d frames in %.1f s; pulse gap p50 %.1f ms, p95 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms; gaps > 50 ms: %d%n", what, g.length + 1, total, pct(g, 0.50), pct(g, 0.95),
                pct(g, 0.99), g[g.length - 1] / 1e6, stalls);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }

    private static double time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e6;
    }

    private static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (java.io.IOException e) {
            // not Linux: the CPU stays unknown
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB";
    }

    /** 50 people, each a profile and 200 proposals (mixed kinds, statuses, roles, tags), ingested in batches. */
    static int generate(org.kith.node.store.RecordStore store) throws Exception {
        SecureRandom seeds = SecureRandom.getInstance("SHA1PRNG");
        seeds.setSeed(42);
        java.util.Random r = new java.util.Random(42);
        Clock clock = Clock.systemUTC();
        LocalDate today = LocalDate.now(clock);
        int stored = 0;
        List<byte[]> batch = new ArrayList<>();
        for (int p = 0; p < PEOPLE; p++) {
            RecordSigner signer = new RecordSigner(Ed25519KeyPair.generate(seeds), clock);
            RecordId prev = null;
            long seq = 1;
            VerifiedRecord profile = signer.sign(SwarmId.PUBLIC, seq++, null, new Profile("Person " + p, null,
                    List.of(SKILLS[p % SKILLS.length]), List.of(), List.of(), List.of(), List.of(), null, null));
            batch.add(profile.envelope().encode());
            prev = profile.id();
            for (int i = 0; i < PER_PERSON; i++) {
                boolean gathering = r.nextInt(5) == 0;
                String a = WORDS[r.nextInt(WORDS.length)];
                String b = WORDS[r.nextInt(WORDS.length)];
                List<Proposal.Role> roles = new ArrayList<>();
                for (int k = r.nextInt(4); k > 0; k--) {
                    roles.add(new Proposal.Role("role " + k, List.of(SKILLS[r.nextInt(SKILLS.length)]),
                            r.nextBoolean() ? k + " days" : null));
                }
                ProposalStatus status = ProposalStatus.values()[new int[] {0, 0, 0, 0, 1, 1, 2, 2, 3, 4}[r.nextInt(10)]];
                Proposal.When when = gathering ? new Proposal.When(today.plusDays(1 + r.nextInt(300)).toString(), null,
                        "Hall " + r.nextInt(20)) : null;
                Proposal body = new Proposal(gathering ? ProposalKind.GATHERING : ProposalKind.PROJECT,
                        "The " + a + " " + b + " " + (p * PER_PERSON + i),
                        "We want to make a " + a + " for the " + b + "; everyone is welcome to help.",
                        r.nextBoolean() ? "Details: " + "bring tools, ideas and friends. ".repeat(1 + r.nextInt(5)) : null,
                        roles, when, List.of(a, b).stream().distinct().toList(), status, null);
                VerifiedRecord rec = signer.sign(SwarmId.PUBLIC, seq++, prev, body);
                prev = rec.id();
                batch.add(rec.envelope().encode());
                if (batch.size() >= 500) {
                    stored += count(store.ingestBatch(batch));
                    batch.clear();
                }
            }
        }
        stored += count(store.ingestBatch(batch));
        return stored;
    }

    private static int count(List<IngestResult> results) {
        return (int) results.stream().filter(x -> x.status() == IngestResult.Status.ACCEPTED).count();
    }
}
