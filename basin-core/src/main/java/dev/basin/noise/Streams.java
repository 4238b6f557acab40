package dev.basin.noise;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent generators for bootstrap replicates: XO_RO_SHI_RO_128_PP seeded with SplitMix64 hashes of the seed
 * and of the stream index (as {@code dev.basin.sde.StableNoise} does), so that replicate b uses stream b whatever
 * else is computed.
 */
final class Streams {
    private Streams() {
    }

    static UniformRandomProvider of(long seed, long stream) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {mix64(seed ^ 0x9E3779B97F4A7C15L), mix64(stream + 0x632BE59BD9B4E019L)});
    }

    /** SplitMix64's finaliser: a bijection of the 64-bit integers. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
