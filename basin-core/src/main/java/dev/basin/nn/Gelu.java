package dev.basin.nn;

import dev.basin.numeric.SpecialFunctions;

/**
 * The exact GELU, PyTorch's default ({@code approximate='none'}): y = x Φ(x) with Φ the standard
 * normal CDF; dy/dx = Φ(x) + x φ(x). Computed in double, rounded to float.
 */
public final class Gelu extends Activation {
    public Gelu(int size) {
        super(size);
    }

    @Override
    protected float apply(float x) {
        return (float) (x * SpecialFunctions.normalCdf(x));
    }

    @Override
    protected float derivative(float x, float y) {
        return (float) (SpecialFunctions.normalCdf(x) + x * SpecialFunctions.normalPdf(x));
    }

    /** d²/dx² x Φ(x) = 2φ(x) − x² φ(x). */
    @Override
    protected float secondDerivative(float x, float y) {
        return (float) ((2.0 - (double) x * x) * SpecialFunctions.normalPdf(x));
    }

    @Override
    public String describe() {
        return "GELU(approximate='none')";
    }
}
