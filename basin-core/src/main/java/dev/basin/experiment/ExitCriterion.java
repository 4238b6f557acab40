package dev.basin.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The ways a continuation from a minimum θ* can count as having left it ({@link ExitCriteria} holds their
 * thresholds). {@link #key()} is the name in specs, tables (the {@code criterion} column, the
 * {@code exit_KEY} columns of escape.csv), JSON and file names (survival-KEY.png).
 */
public enum ExitCriterion {
    /** ‖θ_t − θ*‖ &gt; r (Nguyen et al.). */
    RADIUS("|theta - theta*| > radius"),
    /** F(θ_t) &gt; F(θ*) + δ on the check samples. */
    LOSS_RISE("train loss > F(theta*) + loss_rise"),
    /** The loss on the segment θ* → θ_t rises more than h above its chord: θ_t is in another basin. */
    BARRIER("loss barrier on theta* -> theta > barrier");

    private final String description;

    ExitCriterion(String description) {
        this.description = description;
    }

    /** "radius", "loss_rise", "barrier". */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What fires it, in words. */
    public String description() {
        return description;
    }

    /** The criterion called {@code key}, or an error listing the keys. */
    public static ExitCriterion byKey(String key) {
        for (ExitCriterion c : values()) {
            if (c.key().equalsIgnoreCase(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown exit criterion '" + key + "'; choose radius, loss_rise or barrier");
    }
}
