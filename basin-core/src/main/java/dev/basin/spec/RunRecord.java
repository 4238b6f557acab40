package dev.basin.spec;

/**
 * What a run's config.json holds: the resolved spec it executed and its provenance (null in a spec file
 * that has not run yet).
 */
public record RunRecord(ExperimentSpec spec, Provenance provenance) {
    public RunRecord {
        if (spec == null) {
            throw new SpecException("a run record needs a spec");
        }
    }

    /** The spec as {@code type}, or a one-line error naming what the folder holds instead. */
    public <S extends ExperimentSpec> S spec(Class<S> type, String where) {
        if (!type.isInstance(spec)) {
            throw new dev.basin.data.DataException(where + " records a '" + ExperimentSpec.nameOf(spec) + "' run, not what this command needs");
        }
        return type.cast(spec);
    }
}
