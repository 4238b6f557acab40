package dev.basin.spec;

import dev.basin.optim.OptimizerKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code basin escape}: how many iterations each optimizer takes to leave the minimum θ* at a checkpoint. From θ*,
 * {@code continuations} runs per arm (continuation j uses data-order seed seed + j for every arm), each until every
 * exit criterion that is on has fired or the cap; the first exit iterations, right-censored at the cap, summarised
 * per arm and criterion, with ratios to the first arm.
 *
 * @param run           a run folder (its latest checkpoint, or the one at {@code iteration}) or a checkpoint file inside
 *                      a run folder: θ* (required)
 * @param iteration     with a run folder: the checkpoint at this iteration (default: the latest)
 * @param arms          optimizers with their rates and options, in order; ratios are to the first arm of all (default:
 *                      sgd and adam at their customary rates, when {@code same_rate} is absent too; otherwise none)
 * @param sameRate      optimizers (names) also run at the run's own learning rate (its config.json's optimizer.lr), with
 *                      default options, after {@code arms}; one equal to an arm is not repeated (default: sgd and adam,
 *                      when {@code arms} is absent too; otherwise none)
 * @param continuations K continuations per arm, at least 2 (default 8)
 * @param cap           iterations per continuation at most: exits are censored there (default 2000)
 * @param checkEvery    check the distance and the loss every N iterations; also the check interval of
 *                      {@code train_until} (default 10)
 * @param radius        exit when |θ − θ*| &gt; radius (absent: off)
 * @param lossRise      exit when the train loss on the check samples exceeds F(θ*) + loss_rise (absent: off; 0.1 when no
 *                      criterion is given)
 * @param barrier       exit when the loss on the segment θ* → θ rises more than this above its chord (absent: off)
 * @param barrierPoints interior points of the barrier check (default 5)
 * @param barrierEvery  the barrier check every N iterations (default 50)
 * @param warmup        minibatch gradients fed to each optimizer at θ* with rate 0 before it moves (default 100)
 * @param samples       training samples (first in data-set order) of the loss checks and of the curvature (default 1000)
 * @param batch         minibatch size (default: the run's)
 * @param seed          continuation j uses data-order seed seed + j; {@code train_until} uses seed − 1 (default 1)
 * @param endSharpness  also the Hessian's top eigenvalue where each continuation ended (500 samples, 1% residual)
 *                      (default false)
 * @param predict       the theory's prediction at θ*: escaping sets of SGD and ADAM in the top Hessian subspace
 *                      (absent: off)
 * @param trainUntil    first train from the checkpoint to a stated loss or accuracy; that point is θ* (absent: θ* is
 *                      the checkpoint)
 */
public record EscapeSpec(String run, Long iteration, List<OptimizerSpec> arms, List<String> sameRate, Integer continuations, Long cap,
                         Long checkEvery, Double radius, Double lossRise, Double barrier, Integer barrierPoints, Long barrierEvery,
                         Integer warmup, Integer samples, Integer batch, Long seed, Boolean endSharpness, Predict predict,
                         TrainUntil trainUntil) implements ExperimentSpec {
    /** The optimizers of the default arms. */
    public static final List<String> DEFAULT_OPTIMIZERS = List.of("sgd", "adam");
    /** The loss rise of the default criterion, and the basin height of the prediction when loss_rise is off. */
    public static final double DEFAULT_LOSS_RISE = 0.1;

    public EscapeSpec {
        Check.that(run != null && !run.isBlank(), "run must be given: a run folder or a checkpoint file");
        Check.that(iteration == null || iteration >= 0, "iteration must be >= 0, got " + iteration);
        if (arms == null && sameRate == null) {
            arms = DEFAULT_OPTIMIZERS.stream().map(OptimizerSpec::of).toList();
            sameRate = DEFAULT_OPTIMIZERS;
        }
        arms = List.copyOf(Check.or(arms, List.of()));
        List<String> names = new ArrayList<>();
        for (String n : Check.or(sameRate, List.<String>of())) {
            Check.that(n != null, "same_rate: an optimizer name must not be null");
            names.add(Check.parsed("same_rate", () -> OptimizerKind.byName(n)).cliName());
        }
        sameRate = List.copyOf(names);
        Check.that(!arms.isEmpty() || !sameRate.isEmpty(), "arms: give at least one optimizer (in arms or same_rate)");
        Set<OptimizerSpec> seen = new HashSet<>();
        for (OptimizerSpec a : arms) {
            Check.that(a != null, "arms: an arm must not be null");
            Check.that(seen.add(a), "arms: " + a.name() + " lr " + a.lr() + " appears twice");
        }
        Check.that(new HashSet<>(sameRate).size() == sameRate.size(), "same_rate: an optimizer appears twice in " + sameRate);
        continuations = Check.atLeast("continuations", Check.or(continuations, 8), 2);
        cap = Check.atLeast("cap", Check.or(cap, 2000L), 1);
        checkEvery = Check.atLeast("check_every", Check.or(checkEvery, 10L), 1);
        if (radius == null && lossRise == null && barrier == null) {
            lossRise = DEFAULT_LOSS_RISE;
        }
        Check.that(radius == null || radius > 0 && Double.isFinite(radius), "radius must be > 0, got " + radius);
        Check.that(lossRise == null || lossRise > 0 && Double.isFinite(lossRise), "loss_rise must be > 0, got " + lossRise);
        Check.that(barrier == null || barrier > 0 && Double.isFinite(barrier), "barrier must be > 0, got " + barrier);
        barrierPoints = Check.atLeast("barrier_points", Check.or(barrierPoints, 5), 1);
        barrierEvery = Check.atLeast("barrier_every", Check.or(barrierEvery, 50L), 1);
        warmup = Check.atLeast("warmup", Check.or(warmup, 100), 0);
        samples = Check.atLeast("samples", Check.or(samples, 1000), 1);
        Check.that(batch == null || batch >= 1, "batch must be >= 1, got " + batch);
        seed = Check.or(seed, 1L);
        endSharpness = Check.or(endSharpness, false);
    }

    /**
     * The escaping-set prediction at θ*, printed and written beside the measured loss-rise criterion (or the first
     * criterion that is on).
     *
     * @param top   Hessian eigenvectors spanning the subspace (default 5)
     * @param alpha the tail index (default: the run's last raw train α in alpha.csv, at most 2)
     */
    public record Predict(Integer top, Double alpha) {
        public Predict {
            top = Check.atLeast("top", Check.or(top, 5), 1);
            Check.that(alpha == null || alpha > 0 && alpha <= 2, "alpha must be in (0, 2], got " + alpha);
        }
    }

    /**
     * Training from the checkpoint before the escape: stops when the criterion holds on the check samples (checked every
     * {@code check_every} steps); the point reached is θ*, saved as theta-star.safetensors.
     *
     * @param criterion     loss=L (loss at most L) or accuracy=A (accuracy at least A) (required)
     * @param optimizer     the optimizer (default: sgd at its customary rate)
     * @param maxIterations give up after this many steps (default 20000)
     */
    public record TrainUntil(String criterion, OptimizerSpec optimizer, Long maxIterations) {
        public TrainUntil {
            Check.that(criterion != null, "criterion must be given: loss=L or accuracy=A");
            String c = criterion;
            Check.parsed("criterion", () -> TrainCriterion.parse(c));
            optimizer = Check.or(optimizer, OptimizerSpec.of(null));
            maxIterations = Check.atLeast("max_iterations", Check.or(maxIterations, 20_000L), 1);
        }

        public TrainCriterion parsed() {
            return TrainCriterion.parse(criterion);
        }
    }

    /**
     * The arms, in order: {@code arms}, then each {@code same_rate} optimizer at {@code runLr} unless an equal arm is already
     * there.
     */
    public List<OptimizerSpec> resolvedArms(double runLr) {
        List<OptimizerSpec> all = new ArrayList<>(arms);
        for (String n : sameRate) {
            OptimizerSpec a = OptimizerSpec.of(n, runLr);
            if (!all.contains(a)) {
                all.add(a);
            }
        }
        return all;
    }
}
