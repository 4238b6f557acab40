package dev.basin.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Kaplan–Meier estimator of a survival function from right-censored times, its median and its restricted
 * mean. Escape times censored at the cap (a continuation still inside when it stopped) are compared this way
 * rather than by a mean of the observed ones, which would lean towards whichever side is censored less.
 */
public final class Survival {
    /** One step of the estimate: S(t) for times in [time, next time). */
    public record Step(double time, double survival, int atRisk, int events) {
    }

    private Survival() {
    }

    /**
     * The Kaplan–Meier steps at each distinct event time, S(t) = Π (1 − d_i / n_i) over event times t_i ≤ t; a
     * censored time at an event time counts as at risk there (the usual convention).
     *
     * @param times    the times (exit iteration, or the time of censoring)
     * @param observed true where the event was seen, false where the time is censored
     */
    public static List<Step> kaplanMeier(double[] times, boolean[] observed) {
        if (times.length != observed.length) {
            throw new IllegalArgumentException("times and observed differ in length");
        }
        Integer[] order = new Integer[times.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b]));
        List<Step> steps = new ArrayList<>();
        double s = 1;
        int atRisk = times.length;
        int i = 0;
        while (i < order.length) {
            double t = times[order[i]];
            int d = 0;
            int c = 0;
            while (i < order.length && times[order[i]] == t) {
                if (observed[order[i]]) {
                    d++;
                } else {
                    c++;
                }
                i++;
            }
            if (d > 0) {
                s *= 1 - (double) d / atRisk;
                steps.add(new Step(t, s, atRisk, d));
            }
            atRisk -= d + c;
        }
        return steps;
    }

    /** The median: the first time S(t) ≤ 1/2; NaN when the estimate never falls to 1/2 (more than half censored early). */
    public static double median(List<Step> steps) {
        for (Step st : steps) {
            if (st.survival() <= 0.5 + 1e-12) {
                return st.time();
            }
        }
        return Double.NaN;
    }

    /** The restricted mean ∫₀^cap S(t) dt: the mean time when every time beyond the cap counts as the cap. */
    public static double restrictedMean(List<Step> steps, double cap) {
        double area = 0;
        double s = 1;
        double prev = 0;
        for (Step st : steps) {
            if (st.time() >= cap) {
                break;
            }
            area += s * (st.time() - prev);
            prev = st.time();
            s = st.survival();
        }
        return area + s * (cap - prev);
    }
}
