package dev.basin.sde;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.StableSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * α-stable draws in the paper's normalisation (Chambers–Mallows–Stuck; Nolan's S(α, β, γ, δ; 0)
 * parameterisation, δ = 0 here).
 *
 * <p>Symmetric case (β = 0), the paper's SαS(σ): E e^{iωX} = e^{−|σω|^α}; α = 2 is N(0, 2σ²), α = 1 the
 * Cauchy law of scale σ. Skewed case (β ≠ 0): Nolan's 0-parameterisation with γ = σ,
 * E e^{iωX} = exp(−σ^α|ω|^α [1 + iβ sign(ω) tan(πα/2)((σ|ω|)^{1−α} − 1)]) for α ≠ 1 (continuous in α).
 *
 * <p>Streams: the generator is XO_RO_SHI_RO_128_PP whose two state words are SplitMix64 hashes of the seed and
 * of the stream index (raw small seeds make its first outputs tiny: (1, 0) starts with 131073·2⁻⁶⁴), so trajectory i of a Monte
 * Carlo run can use stream i and results do not depend on how trajectories are spread over threads.
 *
 * <p>Symmetric draws with 0.5 ≤ α &lt; 2 come from Basin's block sampler ({@link Cms}: CMS on vector lanes,
 * 256 draws at a time, the same sequence however they are consumed). Skewed draws, α &lt; 0.5, α = 2 (where
 * the library switches to a Gaussian sampler, 3.6× faster than CMS here) and {@link #commons} use Apache Commons
 * RNG's {@link StableSampler}. {@link #implementation()} says which.
 */
public final class StableNoise {
    private final double alpha;
    private final double beta;
    private final double scale;
    private final StableSampler sampler;
    private final UniformRandomProvider rng;
    private final double[] block;
    private final double[] v;
    private final double[] w;
    private int next;

    private static final int BLOCK = 256;

    /**
     * @param alpha  tail index, 0 &lt; α ≤ 2
     * @param beta   skewness, −1 ≤ β ≤ 1 (0 for the paper's symmetric noise)
     * @param scale  σ &gt; 0
     */
    public StableNoise(double alpha, double beta, double scale, long seed, long stream) {
        this(alpha, beta, scale, seed, stream, false);
    }

    /** The library's sampler whatever the parameters (the reference the block sampler is tested against). */
    public static StableNoise commons(double alpha, double beta, double scale, long seed, long stream) {
        return new StableNoise(alpha, beta, scale, seed, stream, true);
    }

    private StableNoise(double alpha, double beta, double scale, long seed, long stream, boolean library) {
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
        this.rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {mix64(seed ^ 0x9E3779B97F4A7C15L), mix64(stream + 0x632BE59BD9B4E019L)});
        if (library || beta != 0 || alpha < Cms.MIN_ALPHA || alpha == 2) {
            this.sampler = StableSampler.of(rng, alpha, beta, scale, 0);
            this.block = null;
            this.v = null;
            this.w = null;
        } else {
            this.sampler = null;
            this.block = new double[BLOCK];
            this.v = new double[BLOCK];
            this.w = new double[BLOCK];
            this.next = BLOCK;
        }
    }

    public double sample() {
        if (sampler != null) {
            return sampler.sample();
        }
        if (next == BLOCK) {
            refill();
        }
        return block[next++];
    }

    private void refill() {
        Cms.fill(rng, alpha, scale, v, w, block, BLOCK);
        next = 0;
    }

    /** Overwrites {@code out} with independent draws (the same values as out.length calls of {@link #sample()}). */
    public void fill(double[] out) {
        if (sampler != null) {
            for (int i = 0; i < out.length; i++) {
                out[i] = sampler.sample();
            }
            return;
        }
        int i = 0;
        while (i < out.length) {
            if (next == BLOCK) {
                refill();
            }
            int k = Math.min(BLOCK - next, out.length - i);
            System.arraycopy(block, next, out, i, k);
            next += k;
            i += k;
        }
    }

    /** "commons" or "cms-vector Species[...]" / "cms-scalar". */
    public String implementation() {
        return sampler != null ? "commons" : "cms-" + Cms.implementation();
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

    /** SplitMix64's finaliser (Stafford's variant 13): a bijection of the 64-bit integers. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
