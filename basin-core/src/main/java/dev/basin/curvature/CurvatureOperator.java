package dev.basin.curvature;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Which curvature matrix of the loss {@link NetworkCurvature#operator} multiplies by: the Hessian or the Gauss–Newton matrix. */
public enum CurvatureOperator {
    /** The Hessian H of F, exact products (R-operator). */
    HESSIAN("hessian", "the Hessian, exact products"),
    /** The generalised Gauss–Newton matrix G = Jᵀ ∇²_o ℓ J (positive semi-definite for convex losses). */
    GGN("ggn", "the generalised Gauss-Newton matrix J^T (d^2 l/do^2) J");

    private final String key;
    private final String description;

    CurvatureOperator(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The name in specs and on the command line: "hessian", "ggn". */
    @JsonValue
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** Every name, for messages: "hessian or ggn". */
    public static String choices() {
        return Arrays.stream(values()).map(CurvatureOperator::key).collect(Collectors.joining(" or "));
    }

    @JsonCreator
    public static CurvatureOperator byName(String name) {
        for (CurvatureOperator o : values()) {
            if (o.key.equalsIgnoreCase(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown operator '" + name + "'; choose " + choices());
    }
}
