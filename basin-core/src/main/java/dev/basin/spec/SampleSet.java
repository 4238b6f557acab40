package dev.basin.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.basin.data.DataSets;
import dev.basin.data.Dataset;
import java.util.Locale;

/** Which set of a run's data a measurement is taken on: train or test. */
public enum SampleSet {
    TRAIN, TEST;

    /** The name in specs and on the command line: "train", "test". */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SampleSet byName(String name) {
        for (SampleSet s : values()) {
            if (s.key().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new SpecException("unknown set '" + name + "'; choose train or test");
    }

    /** This set of {@code data}; a run without it is an error. */
    public Dataset of(DataSets.Loaded data) {
        Dataset d = this == TRAIN ? data.train() : data.test();
        if (d == null) {
            throw new IllegalArgumentException("the run's data set has no " + key() + " set");
        }
        return d;
    }
}
