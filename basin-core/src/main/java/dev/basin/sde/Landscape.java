package dev.basin.sde;

/**
 * A differentiable loss surface F: R^d → R for the SDE lab. Implement it to supply one's own landscape;
 * {@link #gradient} overwrites {@code g}.
 */
public interface Landscape {
    int dim();

    double value(double[] x);

    void gradient(double[] x, double[] g);

    String describe();

    /**
     * An asymmetric 1-D double well F(x) = (x² − 1)² + c x: minima near x = ±1, the barrier near 0; c &gt; 0
     * makes the left well the deeper one.
     */
    static Landscape doubleWell(double tilt) {
        return new Landscape() {
            public int dim() {
                return 1;
            }

            public double value(double[] x) {
                double q = x[0] * x[0] - 1;
                return q * q + tilt * x[0];
            }

            public void gradient(double[] x, double[] g) {
                g[0] = 4 * x[0] * (x[0] * x[0] - 1) + tilt;
            }

            public String describe() {
                return "double well (x^2 - 1)^2 + " + tilt + " x";
            }
        };
    }

    /**
     * The 2-D sharp/flat toy of Zhu et al. (2019) (shared/docs/paper.md §6) at data point 0:
     * F(w) = min(10 (K1 u1 − K2 v1)² + 100 (K1 u1 + K2 v1)², u2² + v2²), (u1, v1) = w − (1, 1),
     * (u2, v2) = w + (1, 1), K1 = cos(π/4), K2 = sin(π/4): a sharp rotated basin at (1, 1) and a flat one
     * at (−1, −1). Reaching the flat basin: both coordinates below −0.5.
     */
    static Landscape zhuToy() {
        double k1 = Math.cos(Math.PI / 4);
        double k2 = Math.sin(Math.PI / 4);
        return new Landscape() {
            public int dim() {
                return 2;
            }

            private double sharp(double u, double v) {
                double p = k1 * u - k2 * v;
                double q = k1 * u + k2 * v;
                return 10 * p * p + 100 * q * q;
            }

            public double value(double[] w) {
                return Math.min(sharp(w[0] - 1, w[1] - 1), (w[0] + 1) * (w[0] + 1) + (w[1] + 1) * (w[1] + 1));
            }

            public void gradient(double[] w, double[] g) {
                double u = w[0] - 1;
                double v = w[1] - 1;
                double flat = (w[0] + 1) * (w[0] + 1) + (w[1] + 1) * (w[1] + 1);
                if (sharp(u, v) <= flat) {
                    double p = k1 * u - k2 * v;
                    double q = k1 * u + k2 * v;
                    g[0] = 20 * p * k1 + 200 * q * k1;
                    g[1] = -20 * p * k2 + 200 * q * k2;
                } else {
                    g[0] = 2 * (w[0] + 1);
                    g[1] = 2 * (w[1] + 1);
                }
            }

            public String describe() {
                return "Zhu et al. sharp/flat toy: sharp basin at (1, 1), flat at (-1, -1)";
            }
        };
    }

    /** Styblinski–Tang, F(x) = ½ Σ (x_i⁴ − 16 x_i² + 5 x_i): 2^d local minima, the global one near x_i = −2.9035. */
    static Landscape styblinskiTang(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dim);
        }
        return new Landscape() {
            public int dim() {
                return dim;
            }

            public double value(double[] x) {
                double s = 0;
                for (double v : x) {
                    s += v * v * v * v - 16 * v * v + 5 * v;
                }
                return s / 2;
            }

            public void gradient(double[] x, double[] g) {
                for (int i = 0; i < dim; i++) {
                    g[i] = (4 * x[i] * x[i] * x[i] - 32 * x[i] + 5) / 2;
                }
            }

            public String describe() {
                return "Styblinski-Tang in " + dim + " dimensions";
            }
        };
    }

    /**
     * A stationary point of a 1-D landscape near {@code x}: Newton's method on F′ with a central-difference F″
     * (step 1e-6), until a step is below 1e-13 or after 100 steps.
     */
    static double stationaryPoint(Landscape f, double x) {
        if (f.dim() != 1) {
            throw new IllegalArgumentException("stationaryPoint is for 1-D landscapes, got " + f.dim() + " dimensions");
        }
        double[] g = new double[1];
        for (int i = 0; i < 100; i++) {
            f.gradient(new double[] {x}, g);
            double g0 = g[0];
            double e = 1e-6;
            f.gradient(new double[] {x + e}, g);
            double gp = g[0];
            f.gradient(new double[] {x - e}, g);
            double curv = (gp - g[0]) / (2 * e);
            double nx = x - g0 / curv;
            if (Math.abs(nx - x) < 1e-13) {
                return nx;
            }
            x = nx;
        }
        return x;
    }
}
