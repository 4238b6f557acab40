package dev.basin.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.curvature.CurvatureOperator;
import dev.basin.curvature.Geometry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hessian, interpolate and landscape specs: defaults filled in one place, YAML and JSON round trips, enum names. */
class CurvatureSpecsTest {
    @Test
    void aMinimalHessianSpecResolvesEveryDefault() {
        HessianSpec s = (HessianSpec) Specs.parse("protocol: hessian\nrun: runs/x\nescape_sets: {}\n", "s.yaml", List.of()).spec();
        assertThat(s.operator()).isEqualTo(CurvatureOperator.HESSIAN);
        assertThat(s.set()).isEqualTo(SampleSet.TRAIN);
        assertThat(List.of(s.samples(), s.batch(), s.top(), s.bottom(), s.maxIterations(), s.traceMatvecs(), s.probes(), s.steps()))
                .containsExactly(1000, 500, 5, 0, 300, 60, 5, 60);
        assertThat(s.tolerance()).isEqualTo(1e-3);
        assertThat(s.trace()).isFalse();
        assertThat(s.escapeSets().height()).isEqualTo(0.1);
        assertThat(s.escapeSets().alpha()).as("absent: the run's").isNull();
        assertThat(s.seed()).isEqualTo(1L);
        assertRoundTrips(s);
        String yaml = Specs.toYaml(s);
        assertThat(yaml).contains("operator: hessian").contains("set: train").doesNotContain("sample_seed");
    }

    @Test
    void interpolateAndLandscapeSpecsResolveAndRoundTrip() {
        InterpolateSpec i = (InterpolateSpec) Specs.parse("protocol: interpolate\na: x\nb: y\n", "s.yaml", List.of("points=5")).spec();
        assertThat(i.betas()).containsExactly(-0.5, 0.0, 0.5, 1.0, 1.5);
        assertThat(i.samples()).isEqualTo(2000);
        assertRoundTrips(i);
        LandscapeSpec l = (LandscapeSpec) Specs.parse("protocol: landscape\nrun: x\nnormalization: LAYER\n", "s.yaml", List.of()).spec();
        assertThat(l.normalization()).isEqualTo(Geometry.Normalization.LAYER);
        assertThat(l.steps()).hasSize(21).startsWith(-1.0).endsWith(1.0);
        assertThat(Specs.toYaml(l)).contains("normalization: layer").doesNotContain("sigma");
        assertRoundTrips(l);
    }

    @Test
    void enumsReadTheirNamesAndRefuseOthers() {
        assertThat(CurvatureOperator.byName("GGN")).isEqualTo(CurvatureOperator.GGN);
        assertThat(CurvatureOperator.choices()).isEqualTo("hessian or ggn");
        assertThatThrownBy(() -> CurvatureOperator.byName("fisher")).isInstanceOf(IllegalArgumentException.class).hasMessage("unknown operator 'fisher'; choose hessian or ggn");
        assertThatThrownBy(() -> SampleSet.byName("val")).hasMessage("unknown set 'val'; choose train or test");
        assertThatThrownBy(() -> Geometry.Normalization.byName("batch")).hasMessage("unknown normalization 'batch'; choose filter, layer or none");
    }

    @Test
    void impossibleValuesNameTheirKey() {
        assertThatThrownBy(() -> Specs.parse("protocol: hessian\nrun: x\ntop: 0\n", "s.yaml", List.of()))
                .hasMessage("s.yaml: top, bottom: ask for at least one eigenvalue (top and bottom are both 0)");
        assertThatThrownBy(() -> Specs.parse("protocol: hessian\nrun: x\ntop: 0\nbottom: 2\nescape_sets: {}\n", "s.yaml", List.of()))
                .hasMessageContaining("escape_sets needs top >= 1");
        assertThatThrownBy(() -> Specs.parse("protocol: hessian\nrun: x\ntrace_matvecs: 5\n", "s.yaml", List.of()))
                .hasMessage("s.yaml: trace_matvecs must be >= 6, got 5");
        assertThatThrownBy(() -> Specs.parse("protocol: landscape\nrun: x\nsigma: -1\n", "s.yaml", List.of()))
                .hasMessageContaining("sigma must be a finite number > 0");
        assertThatThrownBy(() -> Specs.parse("protocol: interpolate\na: x\n", "s.yaml", List.of())).hasMessageContaining("b must be given");
    }

    private static void assertRoundTrips(ExperimentSpec s) {
        assertThat(Specs.parse(Specs.toYaml(s), "s.yaml", List.of()).spec()).isEqualTo(s);
        assertThat(Specs.parse(Specs.toJson(s), "s.json", List.of()).spec()).isEqualTo(s);
    }
}
