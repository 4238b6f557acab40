package dev.basin.sde;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's two factors of escape (shared/docs/paper.md §3) measured on a quadratic basin with Hessian
 * diag(h) and gradient noise aligned with it, Σ = c·H^{1/2} (noise strongest along sharp directions), at
 * learning rate η (ε = η^{(α−1)/α}, Euler step h = η/substeps, times in the SDE's units).
 *
 * <ul>
 *   <li>Factor 1: the SGD SDE at several α, same geometry — smaller α, shorter escape.</li>
 *   <li>Factor 2 in isolation: the SGD SDE with Σ against the same SDE with whitened noise c′I of the same
 *       budget (‖c′I‖_F = ‖Σ‖_F), which is the geometry ADAM's Q⁻¹ gives the noise: the measure of the
 *       escaping set, hence the escape time, changes by the predicted ratio.</li>
 *   <li>The ADAM SDE (eq. 5) and the discrete SGD and ADAM with the same Σ, beside the SGD SDE, with the
 *       prediction for ADAM from Q* ({@link Escape#predicted}).</li>
 * </ul>
 */
public final class Factors {
    /** One simulated case with its prediction; {@code dynamics} is the {@link Dynamics#cliName()}. */
    public record Case(String factor, String name, String dynamics, Escape.Row row) {
    }

    /**
     * A ratio of two mean exit times with a delta-method 95% interval. {@code lowerBound}: the numerator had
     * censored trajectories, so its (restricted) mean and the ratio are lower bounds.
     */
    public record Ratio(String name, double measured, double lo, double hi, double predicted, boolean lowerBound) {
        static Ratio of(String name, Escape.Row num, Escape.Row den) {
            dev.basin.numeric.Stats.Ratio r = dev.basin.numeric.Stats.ratio(num.mean(), num.stderr(), den.mean(), den.stderr());
            return new Ratio(name, r.value(), r.lo(), r.hi(), num.predicted() / den.predicted(), num.censored() > 0 || den.censored() > 0);
        }
    }

    public record Report(double[] curvatures, double height, double noiseScale, double eta, int substeps, List<Case> cases, List<Ratio> ratios) {
    }

    private Factors() {
    }

    /**
     * @param alphas      Factor 1's tail indices
     * @param alpha       the tail index of the Factor 2 comparisons
     * @param noiseScale  c in Σ = c·H^{1/2}
     */
    public static Report run(double[] curvatures, double height, double noiseScale, double[] alphas, double alpha, double eta, int substeps,
                             int trajectories, long capSteps, long seed, int threads) {
        if (curvatures.length == 0) {
            throw new IllegalArgumentException("need at least one curvature");
        }
        if (!(noiseScale > 0) || !(eta > 0) || substeps < 1) {
            throw new IllegalArgumentException("noise scale and learning rate must be positive and substeps >= 1, got " + noiseScale + ", " + eta + ", " + substeps);
        }
        int d = curvatures.length;
        double[] aligned = new double[d];
        double budget = 0;
        for (int i = 0; i < d; i++) {
            if (!(curvatures[i] > 0)) {
                throw new IllegalArgumentException("the Hessian is not positive definite (curvature " + curvatures[i] + "); every curvature must be > 0");
            }
            aligned[i] = noiseScale * Math.sqrt(curvatures[i]);
            budget += aligned[i] * aligned[i];
        }
        double[] white = new double[d];
        java.util.Arrays.fill(white, Math.sqrt(budget / d));
        Escape.Quadratic alignedBasin = Escape.quadratic(curvatures, height, aligned);
        Escape.Quadratic whiteBasin = Escape.quadratic(curvatures, height, white);
        double h = eta / substeps;
        List<Case> cases = new ArrayList<>();
        for (double a : alphas) {
            Escape.Row r = Escape.run(alignedBasin, Dynamics.SDE, new double[] {a}, Theory.epsilon(eta, a), h, trajectories, capSteps * substeps, seed, threads).get(0);
            cases.add(new Case("factor 1", "SGD SDE, alpha " + a, Dynamics.SDE.cliName(), r));
        }
        double eps = Theory.epsilon(eta, alpha);
        Escape.Row sgdSde = Escape.run(alignedBasin, Dynamics.SDE, new double[] {alpha}, eps, h, trajectories, capSteps * substeps, seed, threads).get(0);
        Escape.Row whiteSde = Escape.run(whiteBasin, Dynamics.SDE, new double[] {alpha}, eps, h, trajectories, capSteps * substeps, seed, threads).get(0);
        Escape.Row adamSde = Escape.run(alignedBasin, Dynamics.ADAM_SDE, new double[] {alpha}, eps, h, trajectories, capSteps * substeps, seed, threads).get(0);
        Escape.Row sgd = Escape.run(alignedBasin, Dynamics.SGD, new double[] {alpha}, eps, eta, trajectories, capSteps, seed, threads).get(0);
        Escape.Row adam = Escape.run(alignedBasin, Dynamics.ADAM, new double[] {alpha}, eps, eta, trajectories, capSteps, seed, threads).get(0);
        cases.add(new Case("factor 2", "SGD SDE, noise aligned with H", Dynamics.SDE.cliName(), sgdSde));
        cases.add(new Case("factor 2", "SGD SDE, whitened noise of the same budget", Dynamics.SDE.cliName(), whiteSde));
        cases.add(new Case("factor 2", "ADAM SDE (eq. 5), noise aligned with H", Dynamics.ADAM_SDE.cliName(), adamSde));
        cases.add(new Case("algorithms", "SGD, noise aligned with H", Dynamics.SGD.cliName(), sgd));
        cases.add(new Case("algorithms", "ADAM, noise aligned with H", Dynamics.ADAM.cliName(), adam));
        List<Ratio> ratios = List.of(
                Ratio.of("whitened / aligned noise (SGD SDE): Factor 2 alone", whiteSde, sgdSde),
                Ratio.of("ADAM SDE / SGD SDE", adamSde, sgdSde),
                Ratio.of("ADAM / SGD (discrete)", adam, sgd));
        return new Report(curvatures.clone(), height, noiseScale, eta, substeps, cases, ratios);
    }
}
