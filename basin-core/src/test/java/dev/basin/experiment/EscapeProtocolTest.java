package dev.basin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.basin.data.DenseDataset;
import dev.basin.data.Synthetic;
import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.nn.SoftmaxCrossEntropy;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.sde.ExitTimes;
import dev.basin.sde.Landscape;
import dev.basin.sde.NoiseShape;
import dev.basin.sde.Regions;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscapeProtocolTest {
    static final double NAN = Double.NaN;

    /** Synthetic trajectories with known first exits, a barrier seen only at some checks, censoring and divergence. */
    @Test
    void trackerFindsFirstExitsAndCensors() {
        ExitCriteria c = new ExitCriteria(1.0, 0.5, 0.2, 3, 10, 50, 200);
        ExitCriteria.Tracker t = new ExitCriteria.Tracker(c, 0.1);
        double[][] obs = { // iteration, distance, loss, barrier
            {10, 0.2, 0.2, NAN}, {20, 0.9, 0.55, NAN}, {30, 1.2, 0.4, NAN}, {40, 0.8, 0.7, NAN}, {50, 1.5, 0.3, 0.1}, {100, 2.0, 0.3, 0.25},
            {150, 0.5, 0.1, 0.5}};
        for (double[] o : obs) {
            t.observe((long) o[0], o[1], o[2], o[3]);
        }
        // radius: first distance > 1 at 30; loss rise: first loss > 0.6 at 40 (0.55 is not above 0.1 + 0.5); barrier: 0.25 at 100.
        assertThat(t.exits()).containsExactly(entry(ExitCriterion.RADIUS, 30L), entry(ExitCriterion.LOSS_RISE, 40L), entry(ExitCriterion.BARRIER, 100L));
        assertThat(t.done()).isTrue();

        ExitCriteria.Tracker never = new ExitCriteria.Tracker(new ExitCriteria(1.0, NAN, NAN, 1, 1, 1, 100), 0);
        never.observe(1, 0.5, 0, NAN);
        never.observe(100, 0.99, 0, NAN);
        assertThat(never.exits()).containsExactly(entry(ExitCriterion.RADIUS, -1L));
        assertThat(never.done()).isFalse();

        ExitCriteria.Tracker div = new ExitCriteria.Tracker(new ExitCriteria(1.0, 0.5, NAN, 1, 1, 1, 100), 0);
        div.observe(7, 0.1, Double.NaN, NAN);
        assertThat(div.exits()).containsExactly(entry(ExitCriterion.RADIUS, 7L), entry(ExitCriterion.LOSS_RISE, 7L));

        assertThatThrownBy(() -> new ExitCriteria(0, NAN, NAN, 1, 1, 1, 1)).hasMessageContaining("radius r must be > 0, got 0.0");
        assertThatThrownBy(() -> new ExitCriteria(NAN, NAN, NAN, 1, 1, 1, 1)).hasMessageContaining("no exit criterion");
        assertThatThrownBy(() -> new EscapeProtocol.Arm("lion", 0.1)).hasMessageContaining("unknown optimizer 'lion'");
    }

    /**
     * The protocol on the sharp/flat toy (float32 θ, the real Sgd optimizer, injected SαS noise) against the SDE lab's
     * discrete-SGD simulator on the same landscape: the fraction leaving the radius-1 ball within 300 iterations and the
     * mean exit iteration of those that left agree within 3 standard errors.
     */
    @Test
    void toyEscapeCountsMatchTheSdeSimulator() {
        Landscape toy = Landscape.zhuToy();
        int k = 400;
        double lr = 0.005;
        long cap = 300;
        ExitCriteria c = new ExitCriteria(1.0, NAN, NAN, 1, 1, 1, cap);
        FloatVec start = FloatVec.of(1f, 1f);
        EscapeProtocol.Result r = EscapeProtocol.run(new LandscapeObjective(toy, 1.5, 1.0), start, List.of(new EscapeProtocol.Arm("sgd", lr)), k, 100, c, 0, 2);
        ExitTimes.Result mine = r.summaries().get(0).times();
        ExitTimes.Result lab = ExitTimes.simulate(k, new double[] {1, 1}, 1.5, 7, cap, 1, ExitTimes.sgdDiscrete(toy::gradient, NoiseShape.isotropic(2, 1.0), lr),
                Regions.ball(new double[] {1, 1}, 1.0), 2);
        double p1 = 1 - (double) mine.censoredCount() / k;
        double p2 = 1 - (double) lab.censoredCount() / k;
        double se = Math.sqrt(p1 * (1 - p1) / k + p2 * (1 - p2) / k);
        System.out.printf("toy: left the ball within %d iterations: protocol %.3f, simulator %.3f (SE %.3f)%n", cap, p1, p2, se);
        assertThat(Math.abs(p1 - p2)).isLessThan(3 * se);
        assertThat(p1).isBetween(0.05, 0.95);
        double m1 = meanOfExited(mine);
        double m2 = meanOfExited(lab);
        double s1 = sdOfExited(mine);
        double s2 = sdOfExited(lab);
        double seMean = Math.sqrt(s1 * s1 / (k - mine.censoredCount()) + s2 * s2 / (k - lab.censoredCount()));
        assertThat(Math.abs(m1 - m2)).as("mean exit iteration of those that left: %.1f vs %.1f", m1, m2).isLessThan(3 * seMean);
    }

    static double meanOfExited(ExitTimes.Result r) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < r.n(); i++) {
            if (!r.censored()[i]) {
                s += r.times()[i];
                n++;
            }
        }
        return s / n;
    }

    static double sdOfExited(ExitTimes.Result r) {
        double m = meanOfExited(r);
        double s = 0;
        int n = 0;
        for (int i = 0; i < r.n(); i++) {
            if (!r.censored()[i]) {
                s += (r.times()[i] - m) * (r.times()[i] - m);
                n++;
            }
        }
        return Math.sqrt(s / (n - 1));
    }

    /** A small net: a tiny learning rate never leaves within the cap, a large one leaves at once; parallel = sequential. */
    @Test
    void smallAndLargeLearningRatesOnASmallNet() {
        DenseDataset data = Synthetic.gaussianMixture("gmm", 600, 10, 3, 3.0, 1.0, 2, 0);
        Network net = Models.mlp(10, 2, 16, 3, true, OpenBlasGemm.INSTANCE);
        net.gemm().setThreads(1);
        FloatVec theta = net.newParameters();
        net.initialize(theta, 1);
        NetworkObjective obj = new NetworkObjective(net, SoftmaxCrossEntropy.INSTANCE, data, 32, 600);
        Objective.Stream s = obj.stream(9);
        dev.basin.optim.Optimizer sgd = dev.basin.optim.Optimizers.byName("sgd").create(net.parameterCount());
        FloatVec g = net.newParameters();
        for (int i = 0; i < 400; i++) {
            s.step(theta, sgd, g, 0.1);
        }
        ExitCriteria c = new ExitCriteria(2.0, 0.2, 0.1, 3, 5, 25, 200);
        EscapeProtocol.Result tiny = EscapeProtocol.run(obj, theta, List.of(new EscapeProtocol.Arm("sgd", 1e-5), new EscapeProtocol.Arm("adam", 1e-7)), 4, 1,
                c, 10, 1);
        for (EscapeProtocol.Summary sum : tiny.summaries()) {
            assertThat(sum.times().censoredCount()).as(sum.arm().label() + " " + sum.criterion()).isEqualTo(4);
        }
        // Progress from two threads: every continuation told once, one call at a time, counts rising; the results (compared with
        // the sequential run's below, which has no listener) do not depend on it.
        List<String> told = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        EscapeProtocol.Result big = EscapeProtocol.run(obj, theta, List.of(new EscapeProtocol.Arm("sgd", 20), new EscapeProtocol.Arm("adam", 0.5)), 4, 1, c, 10, 2,
                null, new EscapeProtocol.Progress() {
                    @Override
                    public void continuationDone(EscapeProtocol.Continuation r, int armDone, int perArm, int done, int total) {
                        assertThat(inside.incrementAndGet()).as("calls overlap").isEqualTo(1);
                        told.add(r.arm().optimizer() + " " + armDone + "/" + perArm + " " + done + "/" + total);
                        inside.decrementAndGet();
                    }
                });
        assertThat(told).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertThat(told.get(i)).endsWith(" " + (i + 1) + "/8");
        }
        assertThat(told.stream().filter(t -> t.startsWith("sgd ")).map(t -> t.split(" ")[1]).toList()).containsExactly("1/4", "2/4", "3/4", "4/4");
        assertThat(told.stream().filter(t -> t.startsWith("adam ")).map(t -> t.split(" ")[1]).toList()).containsExactly("1/4", "2/4", "3/4", "4/4");
        for (EscapeProtocol.Summary sum : big.summaries()) {
            if (sum.criterion() != ExitCriterion.BARRIER) {
                assertThat(sum.times().censoredCount()).as(sum.arm().label() + " " + sum.criterion()).isZero();
                assertThat(sum.times().mean()).isLessThanOrEqualTo(50);
            }
        }
        EscapeProtocol.Result seq = EscapeProtocol.run(obj, theta, List.of(new EscapeProtocol.Arm("sgd", 20), new EscapeProtocol.Arm("adam", 0.5)), 4, 1, c, 10, 1);
        for (int i = 0; i < seq.continuations().size(); i++) {
            assertThat(seq.continuations().get(i).exitAt()).isEqualTo(big.continuations().get(i).exitAt());
            assertThat(Double.valueOf(seq.continuations().get(i).finalLoss())).isEqualTo(Double.valueOf(big.continuations().get(i).finalLoss()));
        }
        assertThat(big.ratios()).hasSize(big.criteria().active().size());
        assertThat(big.criteria().active()).containsExactly(ExitCriterion.RADIUS, ExitCriterion.LOSS_RISE, ExitCriterion.BARRIER);
    }
}
