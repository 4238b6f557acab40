package dev.basin.nn;

/** y = tanh(x), dy/dx = 1 − y², d²y/dx² = −2y(1 − y²). */
public final class Tanh extends Activation {
    public Tanh(int size) {
        super(size);
    }

    @Override
    protected float apply(float x) {
        return (float) Math.tanh(x);
    }

    @Override
    protected float derivative(float x, float y) {
        return 1f - y * y;
    }

    @Override
    protected float secondDerivative(float x, float y) {
        return -2f * y * (1f - y * y);
    }

    @Override
    public String describe() {
        return "Tanh()";
    }
}
