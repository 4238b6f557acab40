package dev.basin.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The escape and jumps specs: defaults in one place, the arms from arms and same_rate, and errors that name the key. */
class EscapeSpecTest {
    private static EscapeSpec parse(String yaml) {
        return (EscapeSpec) Specs.parse("protocol: escape\nrun: r\n" + yaml, "spec.yaml", List.of()).spec();
    }

    @Test
    void defaultsAreFilledAndTheResolvedSpecReadsBackEqual() {
        EscapeSpec s = parse("");
        assertThat(s.arms()).containsExactly(OptimizerSpec.of("sgd"), OptimizerSpec.of("adam"));
        assertThat(s.sameRate()).containsExactly("sgd", "adam");
        assertThat(s.continuations()).isEqualTo(8);
        assertThat(s.cap()).isEqualTo(2000L);
        assertThat(s.lossRise()).isEqualTo(0.1);
        assertThat(s.radius()).isNull();
        assertThat(s.predict()).isNull();
        assertThat(Specs.parse(Specs.toYaml(s), "again.yaml", List.of()).spec()).isEqualTo(s);
        assertThat(Specs.parse(Specs.toJson(s), "again.json", List.of()).spec()).isEqualTo(s);
        // The run's rate 0.1 equals sgd's customary one: sgd is not repeated.
        assertThat(s.resolvedArms(0.1)).containsExactly(OptimizerSpec.of("sgd"), OptimizerSpec.of("adam"), OptimizerSpec.of("adam", 0.1));
        // A criterion given: no default loss rise.
        assertThat(parse("radius: 2").lossRise()).isNull();
    }

    @Test
    void armsAndSameRateAreIndependentOnceEitherIsGiven() {
        EscapeSpec onlyArms = parse("arms: [{name: sgdm, lr: 0.02, momentum: 0.5}]");
        assertThat(onlyArms.sameRate()).isEmpty();
        assertThat(onlyArms.resolvedArms(0.1)).containsExactly(new OptimizerSpec("sgdm", 0.02, 0.5, null, null, null, null, null, null));
        EscapeSpec onlySame = parse("same_rate: [ADAM]");
        assertThat(onlySame.arms()).isEmpty();
        assertThat(onlySame.resolvedArms(0.3)).containsExactly(OptimizerSpec.of("adam", 0.3));
        EscapeSpec nested = parse("predict: {}\ntrain_until: {criterion: accuracy=0.9}");
        assertThat(nested.predict().top()).isEqualTo(5);
        assertThat(nested.trainUntil().optimizer()).isEqualTo(OptimizerSpec.of("sgd"));
        assertThat(nested.trainUntil().maxIterations()).isEqualTo(20_000L);
        assertThat(nested.trainUntil().parsed().describe()).isEqualTo("accuracy >= 0.9");
    }

    @Test
    void badValuesNameTheirKey() {
        bad("radiuss: 3", "spec.yaml: radiuss: unknown key");
        bad("cap: ten", "spec.yaml: cap: expected a whole number");
        bad("continuations: 1", "continuations must be >= 2, got 1");
        bad("radius: 0", "radius must be > 0, got 0.0");
        bad("arms: [{name: lion}]", "arms[0]: unknown optimizer 'lion'");
        bad("same_rate: [lion]", "same_rate: unknown optimizer 'lion'");
        bad("arms: []\nsame_rate: []", "arms: give at least one optimizer");
        bad("arms: [{name: sgd}, {name: sgd, lr: 0.1}]", "arms: sgd lr 0.1 appears twice");
        bad("predict: {top: 0}", "predict: top must be >= 1, got 0");
        bad("predict: {alpha: 2.5}", "alpha must be in (0, 2], got 2.5");
        bad("train_until: {criterion: loss=-1}", "is impossible");
        bad("train_until: {}", "train_until: criterion must be given");
        bad("train_until: {criterion: loss=0.1, max_iterations: 1.5}", "train_until.max_iterations: expected a whole number");
        bad("batch: 0", "batch must be >= 1, got 0");
        assertThatThrownBy(() -> Specs.parse("protocol: escape\n", "spec.yaml", List.of())).hasMessageContaining("run must be given");
    }

    @Test
    void jumpsSpecDefaultsAndErrors() {
        JumpsSpec j = (JumpsSpec) Specs.parse("protocol: jumps\nruns: [a, b]\n", "j.yaml", List.of()).spec();
        assertThat(j).isEqualTo(new JumpsSpec(List.of("a", "b"), 0.01, 11, 1000));
        assertThat(Specs.parse(Specs.toYaml(j), "again.yaml", List.of()).spec()).isEqualTo(j);
        assertThatThrownBy(() -> Specs.parse("protocol: jumps\n", "j.yaml", List.of())).hasMessageContaining("runs must be given");
        assertThatThrownBy(() -> Specs.parse("protocol: jumps\nruns: [a]\npoints: 2\n", "j.yaml", List.of())).hasMessageContaining("points must be >= 3, got 2");
        assertThatThrownBy(() -> Specs.parse("protocol: jumps\nruns: a\n", "j.yaml", List.of())).hasMessageContaining("runs: expected a list");
    }

    private static void bad(String yaml, String contains) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(SpecException.class).hasMessageContaining(contains)
                .satisfies(e -> assertThat(e.getMessage().lines().count()).isEqualTo(1));
    }
}
