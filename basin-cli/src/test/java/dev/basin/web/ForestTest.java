package dev.basin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.experiment.Claims;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forest plot's geometry: one panel per claim on its own axis, rows in order, the interval around the dot, zero placed. */
class ForestTest {
    static Claims.Row row(String id, String arm, double est, double lo, double hi, Claims.Verdict v) {
        return new Claims.Row(id, "claim " + id, arm, "q" + id, est, lo, hi, 3, v);
    }

    @Test
    void eachClaimOnItsOwnAxisWithZeroAndTheInterval() {
        Forest.Plot p = Forest.of(List.of(row("v", "sgd", 0.5, 0.2, 0.8, Claims.Verdict.SUPPORTED),
                row("v", "sgdm", -0.1, -0.3, 0.1, Claims.Verdict.INCONCLUSIVE),
                row("vi", "sgd", -40, -60, -20, Claims.Verdict.NOT_SUPPORTED),
                row("ii", "-", Double.NaN, Double.NaN, Double.NaN, Claims.Verdict.INCONCLUSIVE)));
        assertThat(p.panels()).hasSize(3);
        Forest.Panel v = p.panels().get(0);
        assertThat(v.rows()).extracting(Forest.Row::label).containsExactly("(v) sgd vs ADAM", "(v) sgdm vs ADAM");
        double scale = v.plotW();
        for (Forest.Row r : v.rows()) {
            assertThat(r.x1()).isLessThan(r.cx());
            assertThat(r.cx()).isLessThan(r.x2());
        }
        // Axis [-0.3, 0.8] padded by 8% each side: zero at (0 - a) / (b - a) of the width.
        double a = -0.3 - 0.088;
        double b = 0.8 + 0.088;
        assertThat(v.zeroX()).isCloseTo(v.plotX() + scale * (0 - a) / (b - a), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(v.rows().get(0).color()).isNotEqualTo(v.rows().get(1).color());
        Forest.Panel vi = p.panels().get(1);
        assertThat(vi.rows().get(0).color()).isNotIn(v.rows().get(0).color(), v.rows().get(1).color());
        assertThat(vi.rows().get(0).x2()).as("the interval below zero ends left of it").isLessThan(vi.zeroX());
        Forest.Row missing = p.panels().get(2).rows().get(0);
        assertThat(missing.cx()).isNull();
        assertThat(missing.value()).startsWith("not measured");
        assertThat(missing.label()).isEqualTo("(ii) ADAM");
        assertThat(p.panels().get(1).y()).isGreaterThan(v.y() + v.height() - 1);
    }
}
