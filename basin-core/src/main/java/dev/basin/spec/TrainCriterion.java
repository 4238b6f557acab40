package dev.basin.spec;

/**
 * A training target: "loss=L" (the evaluation loss at most L) or "accuracy=A" (the evaluation accuracy at least
 * A), as written in specs and on the command line.
 *
 * @param loss      true for a loss target, false for an accuracy target
 * @param threshold L or A
 * @param given     the number as written (for messages)
 */
public record TrainCriterion(boolean loss, double threshold, String given) {
    /** Parses "loss=L" or "accuracy=A"; L must be &gt; 0, A in (0, 1]. */
    public static TrainCriterion parse(String spec) {
        String[] p = spec.split("=");
        if (p.length != 2 || !(p[0].equals("loss") || p[0].equals("accuracy"))) {
            throw new IllegalArgumentException("a training criterion is loss=L or accuracy=A (e.g. loss=0.05, accuracy=0.99), got '" + spec + "'");
        }
        double t;
        try {
            t = Double.parseDouble(p[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + p[1] + "' in '" + spec + "' is not a number");
        }
        if (!(t > 0) || p[0].equals("accuracy") && t > 1) {
            throw new IllegalArgumentException("the criterion " + spec + " is impossible: a loss must be > 0, an accuracy in (0, 1]");
        }
        return new TrainCriterion(p[0].equals("loss"), t, p[1].strip());
    }

    /** Whether an evaluation with this loss and accuracy meets the target. */
    public boolean met(double loss, double accuracy) {
        return this.loss ? loss <= threshold : accuracy >= threshold;
    }

    /** "loss &lt;= L" or "accuracy &gt;= A". */
    public String describe() {
        return (this.loss ? "loss <= " : "accuracy >= ") + given;
    }
}
