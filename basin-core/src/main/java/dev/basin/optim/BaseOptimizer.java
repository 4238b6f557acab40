package dev.basin.optim;

/** Holds an optimizer's immutable configuration and its explicit state. */
abstract class BaseOptimizer<C extends OptimizerConfig> implements Optimizer {
    protected final C config;
    protected final OptimizerState state = new OptimizerState();

    BaseOptimizer(C config) {
        this.config = config;
    }

    @Override
    public final OptimizerState state() {
        return state;
    }

    @Override
    public final OptimizerConfig config() {
        return config;
    }
}
