package dev.basin.optim;

/** An optimizer's immutable hyper-parameters; {@link #create(int)} makes a fresh optimizer for d parameters. */
public interface OptimizerConfig {
    /** The CLI name: sgd, sgdm, adam, amsgrad, adamw, rmsprop, adagrad. */
    String name();

    Optimizer create(int dim);
}
