package dev.basin.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.sde.Dynamics;
import dev.basin.sde.EscapeSetup;
import dev.basin.sde.LandscapeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sde-escape and sde-factors specs: defaults, keys that apply, validation naming the key, and the JSON/YAML round trip. */
class SdeSpecsTest {
    private static SdeEscapeSpec parse(String yaml) {
        return (SdeEscapeSpec) Specs.parse("spec_version: 1\nprotocol: sde-escape\n" + yaml, "test.yaml", List.of()).spec();
    }

    @Test
    void defaultsAreResolvedAndOnlyTheKeysThatApplyAreWritten() {
        SdeEscapeSpec d = SdeEscapeSpec.defaults();
        assertThat(d.landscape()).isEqualTo("interval");
        assertThat(d.a()).isEqualTo(1.0);
        assertThat(d.curvatures()).isNull();
        assertThat(d.epsilon()).isEqualTo(0.05);
        assertThat(d.paths()).isNull();
        assertThat(Specs.toYaml(d)).doesNotContain("curvatures").doesNotContain("tilt").doesNotContain("paths");
        SdeEscapeSpec q = parse("landscape: quadratic\ndynamics: SGD\n");
        assertThat(q.curvatures()).containsExactly(1.0, 4.0);
        assertThat(q.height()).isEqualTo(0.5);
        assertThat(q.a()).isNull();
        assertThat(q.dynamics()).isEqualTo("sgd");
        assertThat(q.epsilon()).as("the discrete dynamics have no epsilon").isNull();
        assertThat(parse("landscape: styblinski-tang\ndim: 2\n").paths()).isEqualTo(12);
        assertThat(parse("landscape: styblinski-tang\ndim: 3\n").paths()).isNull();
        SdeFactorsSpec f = SdeFactorsSpec.defaults();
        assertThat(f.curvatures()).containsExactly(1.0, 4.0, 16.0, 64.0);
        assertThat(f.capIterations()).isEqualTo(20_000L);
    }

    @Test
    void resolvedSpecsRoundTripThroughJsonAndYaml() {
        for (ExperimentSpec s : List.of(SdeEscapeSpec.defaults(), parse("landscape: quadratic\nhessian: [[2, 1], [1, 8]]\nsigma: [0.5, 1]\n"),
                parse("landscape: double-well\ntilt: -0.2\nlevel: 0.4\nh: [0.02, 0.01]\n"), parse("landscape: zhu\nstart: [1.2, 0.9]\npaths: 0\n"),
                SdeFactorsSpec.defaults())) {
            assertThat(Specs.parse(Specs.toJson(s), "x.json", List.of()).spec()).isEqualTo(s);
            assertThat(Specs.parse(Specs.toYaml(s), "x.yaml", List.of()).spec()).isEqualTo(s);
        }
    }

    @Test
    void theSetupIsTheOneTheOldCommandBuilt() {
        EscapeSetup well = parse("landscape: double-well\n").setup();
        assertThat(well.basin().start()[0]).isCloseTo(0.9604, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(well.basin().describe()).contains("crossing the barrier at x = 0.07");
        assertThat(well.drawn()).isFalse();
        EscapeSetup zhu = parse("landscape: zhu\nradius: 0.5\n").setup();
        assertThat(zhu.drawn()).isTrue();
        assertThat(zhu.basin().describe()).contains("leaving the ball of radius 0.5");
        assertThat(parse("landscape: quadratic\n").setup().basin().predictedMeanExit(1.5, 0.05)).isPositive();
        assertThat(parse("landscape: styblinski-tang\ndim: 3\n").setup().basin().start()).hasSize(3);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> parse("landscape: rastrigin\n")).isInstanceOf(SpecException.class).hasMessageContaining("unknown landscape 'rastrigin'");
        assertThatThrownBy(() -> parse("dynamics: lion\n")).hasMessageContaining("unknown dynamics 'lion'; choose one of sde, adam-sde, sgd, sgdm, adam");
        assertThatThrownBy(() -> parse("a: 1\nlandscape: zhu\n")).hasMessageContaining("a does not apply to landscape 'zhu'; it is for interval");
        assertThatThrownBy(() -> parse("radius: 1\n")).hasMessageContaining("radius does not apply to landscape 'interval'; it is for double-well, zhu, styblinski-tang");
        assertThatThrownBy(() -> parse("sigma: [1, 2]\n")).hasMessageContaining("sigma: the interval needs one noise scale > 0");
        assertThatThrownBy(() -> parse("landscape: zhu\nradius: 1\nlevel: 1\n")).hasMessageContaining("radius and level are two exit rules");
        assertThatThrownBy(() -> parse("landscape: zhu\nstart: [1, 1, 1]\n")).hasMessageContaining("start needs 2 coordinates, got 3");
        assertThatThrownBy(() -> parse("landscape: double-well\ntilt: 2\n")).hasMessageContaining("tilt 2.0 leaves no right-hand well");
        assertThatThrownBy(() -> parse("landscape: quadratic\nhessian: [[1, 2], [2, 1]]\n"))
                .hasMessageContaining("hessian: the Hessian is not positive definite (smallest eigenvalue -1");
        assertThatThrownBy(() -> parse("landscape: quadratic\ncurvatures: [1, -2]\n")).hasMessageContaining("curvatures: the Hessian is not positive definite");
        assertThatThrownBy(() -> parse("h: [0]\n")).hasMessageContaining("h values must be positive, got 0.0");
        assertThatThrownBy(() -> parse("trajectories: 1\n")).hasMessageContaining("trajectories must be >= 2, got 1");
        assertThatThrownBy(() -> parse("landscape: zhu\npaths: -1\n")).hasMessageContaining("paths must be >= 0, got -1");
        assertThatThrownBy(() -> parse("batch: 0\n")).hasMessageContaining("batch must be >= 1, got 0");
        assertThatThrownBy(() -> parse("alpha: [2.5]\n")).hasMessageContaining("alpha values must be in (0, 2] (below 2 for the Levy escape law");
        assertThat(parse("alpha: [2.0]\nbatch: 4\n").noiseFactor(2.0)).isEqualTo(0.5);
        assertThatThrownBy(() -> new SdeFactorsSpec(null, null, null, List.of(1.5, 2.0), null, null, null, null, null, null))
                .hasMessageContaining("alphas values must be in (0, 2), got 2.0");
        assertThatThrownBy(() -> new SdeFactorsSpec(null, null, -0.1, null, null, null, null, null, null, null))
                .hasMessageContaining("noise_scale must be a finite number > 0, got -0.1");
    }

    @Test
    void theRegistriesKnowTheirNamesAndKeys() {
        assertThat(Dynamics.names()).containsExactly("sde", "adam-sde", "sgd", "sgdm", "adam");
        assertThat(Dynamics.byName("ADAM-SDE")).isEqualTo(Dynamics.ADAM_SDE);
        assertThat(Dynamics.ADAM_SDE.adamPreconditioned()).isTrue();
        assertThat(Dynamics.SGD.continuousTime()).isFalse();
        assertThat(LandscapeKind.names()).containsExactly("interval", "quadratic", "double-well", "zhu", "styblinski-tang");
        assertThat(LandscapeKind.Key.START.landscapes()).containsExactly("double-well", "zhu", "styblinski-tang");
        assertThat(LandscapeKind.ZHU.box(2)).containsExactly(-2.5, 2.5, -2.5, 2.5);
        assertThat(LandscapeKind.STYBLINSKI_TANG.box(3)).isNull();
    }
}
