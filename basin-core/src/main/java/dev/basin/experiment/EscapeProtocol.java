package dev.basin.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.numeric.FloatVec;
import dev.basin.optim.Optimizer;
import dev.basin.sde.ExitTimes;
import dev.basin.spec.OptimizerSpec;
import dev.basin.train.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Escape from a minimum θ*, measured: K independent continuations per optimizer from θ* (continuation j uses
 * data-order seed seed + j for every optimizer, so the arms see the same minibatch sequences), each run
 * until every active {@link ExitCriteria} criterion has fired or the cap; the first exit iterations,
 * right-censored at the cap, summarised per optimizer and criterion with survival, (restricted) mean,
 * median and the ratio between optimizers with a 95% interval.
 *
 * <p>Each continuation starts from θ* with a fresh optimizer whose state is warmed at θ*: {@code warmup}
 * minibatch gradients are fed to it with learning rate 0 (θ does not move), so ADAM starts with a
 * preconditioner estimated at θ* instead of its t = 1 transient.
 */
public final class EscapeProtocol {
    /**
     * An optimizer, its learning rate and options. In JSON: {@code {"optimizer": NAME, "lr": RATE}} and the options
     * that apply to it (momentum, beta1, ..., weight_decay).
     */
    public record Arm(OptimizerSpec spec) {
        public Arm {
            if (spec == null) {
                throw new IllegalArgumentException("an arm needs an optimizer");
            }
        }

        /** {@code optimizer} at rate {@code lr} with its default options. */
        public Arm(String optimizer, double lr) {
            this(OptimizerSpec.of(optimizer, lr));
        }

        /** The optimizer's name: sgd, sgdm, adam, ... */
        public String optimizer() {
            return spec.name();
        }

        public double lr() {
            return spec.lr();
        }

        public String label() {
            return optimizer() + " lr " + lr();
        }

        @JsonValue
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("optimizer", spec.name());
            m.put("lr", spec.lr());
            ObjectNode all = Json.MAPPER.valueToTree(spec);
            for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("name") && !e.getKey().equals("lr") && !e.getValue().isNull()) {
                    m.put(e.getKey(), e.getValue());
                }
            }
            return m;
        }
    }

    /**
     * One continuation: the first exit of each criterion that is on (−1 = censored), where it ended, and whether it
     * diverged.
     */
    public record Continuation(Arm arm, int index, long seed, Map<ExitCriterion, Long> exitAt, long iterations, double finalLoss, double finalAccuracy,
                               double finalDistance, double finalSharpness, boolean diverged, double seconds) {
        /** The first exit iteration by criterion {@code c}; −1 when censored at the cap or when {@code c} is off. */
        public long exitAt(ExitCriterion c) {
            return exitAt.getOrDefault(c, -1L);
        }
    }

    /** One arm's exit times for one criterion. */
    public record Summary(Arm arm, ExitCriterion criterion, ExitTimes.Result times) {
    }

    /** mean(num) / mean(den) for one criterion, delta-method 95% interval; a lower bound when num had censoring. */
    public record Ratio(ExitCriterion criterion, Arm num, Arm den, double measured, double lo, double hi, boolean lowerBound, boolean upperBound) {
    }

    public record Result(double baseLoss, ExitCriteria criteria, List<Continuation> continuations, List<Summary> summaries, List<Ratio> ratios,
                         int parallel, double seconds) {
    }

    private EscapeProtocol() {
    }

    public static Result run(Objective obj, FloatVec thetaStar, List<Arm> arms, int k, long seed, ExitCriteria c, int warmup, int parallel) {
        return run(obj, thetaStar, arms, k, seed, c, warmup, parallel, null);
    }

    /**
     * As {@link #run(Objective, FloatVec, List, int, long, ExitCriteria, int, int)}, measuring {@code atEnd} (e.g. λmax) at
     * each continuation's last point, on the continuation's thread; NaN when null or diverged.
     */
    public static Result run(Objective obj, FloatVec thetaStar, List<Arm> arms, int k, long seed, ExitCriteria c, int warmup, int parallel,
                             java.util.function.ToDoubleFunction<FloatVec> atEnd) {
        return run(obj, thetaStar, arms, k, seed, c, warmup, parallel, atEnd, null);
    }

    /** Progress of {@link #run}: told as each continuation ends; calls never overlap (they come one at a time, from any thread). */
    public interface Progress {
        /**
         * Continuation {@code c} ended; {@code armDone} of its arm's {@code perArm} and {@code done} of all {@code total}
         * continuations are finished.
         */
        default void continuationDone(Continuation c, int armDone, int perArm, int done, int total) {
        }
    }

    /**
     * As {@link #run(Objective, FloatVec, List, int, long, ExitCriteria, int, int, java.util.function.ToDoubleFunction)}, telling
     * {@code progress} (null: nobody) as each continuation ends. The results do not depend on it.
     */
    public static Result run(Objective obj, FloatVec thetaStar, List<Arm> arms, int k, long seed, ExitCriteria c, int warmup, int parallel,
                             java.util.function.ToDoubleFunction<FloatVec> atEnd, Progress progress) {
        if (thetaStar.length() != obj.dim()) {
            throw new IllegalArgumentException("θ* has " + thetaStar.length() + " entries, the objective " + obj.dim());
        }
        if (arms.isEmpty() || k < 2 || warmup < 0 || parallel < 1) {
            throw new IllegalArgumentException("need at least one optimizer, K >= 2 continuations, warmup >= 0 and parallel >= 1");
        }
        long t0 = System.nanoTime();
        double base = obj.stream(seed).loss(thetaStar);
        if (!Double.isFinite(base)) {
            throw new IllegalArgumentException("the loss at the minimum is not finite (" + base + ")");
        }
        List<Runnable> tasks = new ArrayList<>();
        Continuation[] out = new Continuation[arms.size() * k];
        int[] armDone = new int[arms.size()];
        int[] done = {0};
        for (int a = 0; a < arms.size(); a++) {
            for (int j = 0; j < k; j++) {
                int slot = a * k + j;
                int aa = a;
                Arm arm = arms.get(a);
                int jj = j;
                tasks.add(() -> {
                    Continuation r = continuation(obj, thetaStar, arm, jj, seed + jj, c, warmup, base, atEnd);
                    out[slot] = r;
                    if (progress != null) {
                        synchronized (done) {
                            progress.continuationDone(r, ++armDone[aa], k, ++done[0], out.length);
                        }
                    }
                });
            }
        }
        if (parallel == 1) {
            tasks.forEach(Runnable::run);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (Runnable t : tasks) {
                    fs.add(pool.submit(t));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        List<Continuation> all = List.of(out);
        List<Summary> summaries = new ArrayList<>();
        List<Ratio> ratios = new ArrayList<>();
        for (ExitCriterion i : c.active()) {
            List<Summary> per = new ArrayList<>();
            for (int a = 0; a < arms.size(); a++) {
                double[] times = new double[k];
                boolean[] cens = new boolean[k];
                for (int j = 0; j < k; j++) {
                    long e = out[a * k + j].exitAt(i);
                    cens[j] = e < 0;
                    times[j] = e < 0 ? c.cap() : e;
                }
                per.add(new Summary(arms.get(a), i, new ExitTimes.Result(times, cens, 1, c.cap())));
            }
            summaries.addAll(per);
            for (int a = 1; a < per.size(); a++) {
                ratios.add(ratio(per.get(a), per.get(0)));
            }
        }
        return new Result(base, c, all, summaries, ratios, parallel, (System.nanoTime() - t0) / 1e9);
    }

    static Ratio ratio(Summary num, Summary den) {
        ExitTimes.Result n = num.times();
        ExitTimes.Result d = den.times();
        dev.basin.numeric.Stats.Ratio r = dev.basin.numeric.Stats.ratio(n.mean(), n.stderr(), d.mean(), d.stderr());
        return new Ratio(num.criterion(), num.arm(), den.arm(), r.value(), r.lo(), r.hi(), n.censoredCount() > 0, d.censoredCount() > 0);
    }

    static Continuation continuation(Objective obj, FloatVec thetaStar, Arm arm, int index, long seed, ExitCriteria c, int warmup, double base,
                                     java.util.function.ToDoubleFunction<FloatVec> atEnd) {
        long t0 = System.nanoTime();
        Objective.Stream s = obj.stream(seed);
        FloatVec theta = thetaStar.copy();
        FloatVec grad = FloatVec.zeros(theta.length());
        FloatVec scratch = FloatVec.zeros(theta.length());
        Optimizer opt = arm.spec().config().create(theta.length());
        for (int w = 0; w < warmup; w++) {
            s.step(theta, opt, grad, 0.0);
        }
        ExitCriteria.Tracker tracker = new ExitCriteria.Tracker(c, base);
        long it = 0;
        double loss = base;
        double accuracy = Double.NaN;
        boolean diverged = false;
        while (it < c.cap()) {
            double batchLoss = s.step(theta, opt, grad, arm.lr());
            it++;
            if (!Double.isFinite(batchLoss)) {
                diverged = true;
            }
            if (it % c.checkEvery() == 0 || it == c.cap() || diverged) {
                double dist = distance(theta, thetaStar);
                Objective.Evaluation e = diverged ? new Objective.Evaluation(Double.NaN, Double.NaN) : s.evaluate(theta);
                loss = e.loss();
                accuracy = e.accuracy();
                double barrier = c.on(ExitCriterion.BARRIER) && !diverged && (it % c.barrierEvery() == 0 || it == c.cap())
                        ? barrierHeight(s, thetaStar, theta, scratch, base, loss, c.barrierPoints()) : Double.NaN;
                tracker.observe(it, dist, loss, barrier);
                if (tracker.done() || diverged || !Double.isFinite(loss)) {
                    diverged |= !Double.isFinite(loss);
                    break;
                }
            }
        }
        double sharp = atEnd == null || diverged ? Double.NaN : atEnd.applyAsDouble(theta);
        return new Continuation(arm, index, seed, tracker.exits(), it, loss, diverged ? Double.NaN : accuracy, distance(theta, thetaStar),
                sharp, diverged, (System.nanoTime() - t0) / 1e9);
    }

    static double distance(FloatVec a, FloatVec b) {
        java.nio.FloatBuffer x = a.buffer();
        java.nio.FloatBuffer y = b.buffer();
        double s = 0;
        for (int i = 0; i < a.length(); i++) {
            double d = (double) x.get(i) - y.get(i);
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** max over β_j = j/(P+1) of F(θ* + β_j(θ − θ*)) − [(1 − β_j)F(θ*) + β_j F(θ)]. */
    static double barrierHeight(Objective.Stream s, FloatVec thetaStar, FloatVec theta, FloatVec scratch, double base, double loss, int points) {
        java.nio.FloatBuffer a = thetaStar.buffer();
        java.nio.FloatBuffer b = theta.buffer();
        java.nio.FloatBuffer p = scratch.buffer();
        double worst = Double.NEGATIVE_INFINITY;
        for (int j = 1; j <= points; j++) {
            double beta = (double) j / (points + 1);
            for (int i = 0; i < scratch.length(); i++) {
                p.put(i, (float) (a.get(i) + beta * (b.get(i) - a.get(i))));
            }
            worst = Math.max(worst, s.loss(scratch) - ((1 - beta) * base + beta * loss));
        }
        return worst;
    }
}
