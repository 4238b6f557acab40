package dev.basin.sde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LandscapeTest {
    @Test
    void gradientsMatchCentralDifferences() {
        SplittableRandom r = new SplittableRandom(3);
        for (Landscape f : List.of(Landscape.doubleWell(0.3), Landscape.zhuToy(), Landscape.styblinskiTang(5))) {
            for (int trial = 0; trial < 50; trial++) {
                double[] x = new double[f.dim()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextDouble() * 6 - 3;
                }
                double[] g = new double[f.dim()];
                f.gradient(x, g);
                for (int i = 0; i < x.length; i++) {
                    double h = 1e-6;
                    double[] p = x.clone();
                    double[] m = x.clone();
                    p[i] += h;
                    m[i] -= h;
                    double fd = (f.value(p) - f.value(m)) / (2 * h);
                    // The toy's min() has a kink where its two pieces meet; skip points within h of it.
                    if (f.dim() == 2 && Math.abs(Math.signum(f.value(p) - f.value(x)) - Math.signum(f.value(x) - f.value(m))) > 1) {
                        continue;
                    }
                    assertThat(g[i]).as(f.describe() + " at " + java.util.Arrays.toString(x)).isCloseTo(fd, Offset.offset(1e-5 * Math.max(1, Math.abs(fd))));
                }
            }
        }
    }

    @Test
    void knownMinimaAndRegions() {
        assertThat(Landscape.zhuToy().value(new double[] {1, 1})).isZero();
        assertThat(Landscape.zhuToy().value(new double[] {-1, -1})).isZero();
        double[] g = new double[3];
        Landscape.styblinskiTang(3).gradient(new double[] {-2.903534, -2.903534, -2.903534}, g);
        assertThat(g[0]).isCloseTo(0, Offset.offset(1e-4));
        assertThat(Regions.ball(new double[] {0, 0}, 1).inside(new double[] {0.6, 0.7})).isTrue();
        assertThat(Regions.ball(new double[] {0, 0}, 1).inside(new double[] {0.8, 0.7})).isFalse();
        assertThat(Regions.notAllBelow(-0.5).inside(new double[] {-0.6, -0.4})).isTrue();
        assertThat(Regions.notAllBelow(-0.5).inside(new double[] {-0.6, -0.7})).isFalse();
        assertThat(Regions.belowLevel(Landscape.doubleWell(0), 1).inside(new double[] {1})).isTrue();
    }

    /**
     * Zhu et al.'s toy with injected noise: SGD from the sharp minimum at (1, 1), lr 0.005, reaches the flat
     * basin (both coordinates < −0.5) more often with heavy-tailed noise than ADAM does at the same lr and
     * noise (500-iteration budget, 400 trajectories each, α = 1.5, noise scale 1).
     */
    @Test
    void sgdReachesTheFlatBasinOfTheToyMoreOftenThanAdam() {
        Landscape toy = Landscape.zhuToy();
        NoiseShape noise = NoiseShape.isotropic(2, 1);
        ExitTimes.Result sgd = ExitTimes.simulate(400, new double[] {1, 1}, 1.5, 9, 500, 0.005,
                ExitTimes.sgdDiscrete(toy::gradient, noise, 0.005), Regions.notAllBelow(-0.5), 2);
        ExitTimes.Result adam = ExitTimes.simulate(400, new double[] {1, 1}, 1.5, 9, 500, 0.005,
                ExitTimes.adamDiscrete(toy::gradient, noise, 0.005, 0.9, 0.999, 1e-8), Regions.notAllBelow(-0.5), 2);
        int sgdReached = 400 - sgd.censoredCount();
        int adamReached = 400 - adam.censoredCount();
        System.out.printf("Zhu toy: reached the flat basin within 500 iterations: SGD %d/400, ADAM %d/400%n", sgdReached, adamReached);
        // Two binomial proportions: the difference must exceed 4 standard errors of its estimate.
        double p1 = sgdReached / 400.0;
        double p2 = adamReached / 400.0;
        double se = Math.sqrt(p1 * (1 - p1) / 400 + p2 * (1 - p2) / 400 + 1e-12);
        assertThat(p1 - p2).isGreaterThan(4 * se);
    }
}
