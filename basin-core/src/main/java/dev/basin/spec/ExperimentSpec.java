package dev.basin.spec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import java.util.List;

/**
 * An experiment as a value: everything one command does, validated, resolved (defaults filled in) and
 * written as YAML or JSON by {@link Specs}. The {@code protocol} key names the kind; the protocols that run
 * each kind live in {@code dev.basin.experiment}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = Specs.PROTOCOL_KEY)
@JsonSubTypes({
        @JsonSubTypes.Type(value = TrainSpec.class, name = "train"),
        @JsonSubTypes.Type(value = Zhou2020Spec.class, name = "zhou2020"),
        @JsonSubTypes.Type(value = HessianSpec.class, name = "hessian"),
        @JsonSubTypes.Type(value = InterpolateSpec.class, name = "interpolate"),
        @JsonSubTypes.Type(value = LandscapeSpec.class, name = "landscape"),
        @JsonSubTypes.Type(value = EscapeSpec.class, name = "escape"),
        @JsonSubTypes.Type(value = JumpsSpec.class, name = "jumps"),
        @JsonSubTypes.Type(value = SdeEscapeSpec.class, name = "sde-escape"),
        @JsonSubTypes.Type(value = SdeFactorsSpec.class, name = "sde-factors"),
        @JsonSubTypes.Type(value = NoiseSpec.class, name = "noise"),
        @JsonSubTypes.Type(value = Simsekli2019Fig1Spec.class, name = "simsekli2019-fig1"),
})
public interface ExperimentSpec {
    /** Every protocol name, in the order of the annotation above. */
    List<String> NAMES = Arrays.stream(ExperimentSpec.class.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name).toList();

    /** The protocol name of a spec, as written under {@code protocol}. */
    static String nameOf(ExperimentSpec spec) {
        for (JsonSubTypes.Type t : ExperimentSpec.class.getAnnotation(JsonSubTypes.class).value()) {
            if (t.value() == spec.getClass()) {
                return t.name();
            }
        }
        throw new IllegalStateException(spec.getClass() + " is not registered in ExperimentSpec");
    }
}
