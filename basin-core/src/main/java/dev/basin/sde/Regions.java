package dev.basin.sde;

/** Exit criteria: the regions a trajectory must leave ({@link ExitTimes.Region} is "still inside"). */
public final class Regions {
    private Regions() {
    }

    /** Inside the sublevel set {F &lt; height} (leaving the basin over its rim). */
    public static ExitTimes.Region belowLevel(Landscape f, double height) {
        return x -> f.value(x) < height;
    }

    /** Inside the open ball of radius r around {@code center} (Nguyen et al.'s ‖w − w*‖ &gt; r criterion). */
    public static ExitTimes.Region ball(double[] center, double r) {
        double[] c = center.clone();
        double r2 = r * r;
        return x -> {
            double s = 0;
            for (int i = 0; i < c.length; i++) {
                double d = x[i] - c[i];
                s += d * d;
            }
            return s < r2;
        };
    }

    /**
     * Not yet in the other basin: the trajectory ends when every coordinate is below {@code threshold}
     * (Zhu et al.'s success criterion for reaching the flat basin at (−1, −1) with threshold −0.5).
     */
    public static ExitTimes.Region notAllBelow(double threshold) {
        return x -> {
            for (double v : x) {
                if (v >= threshold) {
                    return true;
                }
            }
            return false;
        };
    }
}
