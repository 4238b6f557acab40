package dev.basin.sde;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.StableSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * α-stable draws in the paper's normalisation, through Apache Commons RNG's {@link StableSampler}
 * (Chambers–Mallows–Stuck; Nolan's S(α, β, γ, δ; 0) parameterisation, δ = 0 here).
 *
 * <p>Symmetric case (β = 0), the paper's SαS(σ): E e^{iωX} = e^{−|σω|^α}; α = 2 is N(0, 2σ²), α = 1 the
 * Cauchy law of scale σ. Skewed case (β ≠ 0): Nolan's 0-parameterisation with γ = σ,
 * E e^{iωX} = exp(−σ^α|ω|^α [1 + iβ sign(ω) tan(πα/2)((σ|ω|)^{1−α} − 1)]) for α ≠ 1 (continuous in α).
 *
 * <p>Streams: the generator is XO_RO_SHI_RO_128_PP seeded with (seed, stream), so trajectory i of a Monte
 * Carlo run can use stream i and results do not depend on how trajectories are spread over threads.
 */
public final class StableNoise {
    private final double alpha;
    private final double beta;
    private final double scale;
    private final StableSampler sampler;

    /**
     * @param alpha  tail index, 0 &lt; α ≤ 2
     * @param beta   skewness, −1 ≤ β ≤ 1 (0 for the paper's symmetric noise)
     * @param scale  σ &gt; 0
     */
    public StableNoise(double alpha, double beta, double scale, long seed, long stream) {
        if (!(alpha > 0 && alpha <= 2)) {
            throw new IllegalArgumentException("alpha must be in (0, 2], got " + alpha);
        }
        if (!(beta >= -1 && beta <= 1)) {
            throw new IllegalArgumentException("beta must be in [-1, 1], got " + beta);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive finite number, got " + scale);
        }
        this.alpha = alpha;
        this.beta = beta;
        this.scale = scale;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, stream});
        this.sampler = StableSampler.of(rng, alpha, beta, scale, 0);
    }

    public double sample() {
        return sampler.sample();
    }

    /** Overwrites {@code out} with independent draws. */
    public void fill(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = sampler.sample();
        }
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    public double scale() {
        return scale;
    }
}
