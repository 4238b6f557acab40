package dev.basin.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.basin.nn.Loss;
import dev.basin.nn.MeanSquaredError;
import dev.basin.nn.SoftmaxCrossEntropy;
import java.util.Arrays;

/** The training loss: ce (softmax cross-entropy, also "cross-entropy") or mse. */
public enum LossKind {
    CE("ce", SoftmaxCrossEntropy.INSTANCE),
    MSE("mse", MeanSquaredError.INSTANCE);

    private final String key;
    private final Loss loss;

    LossKind(String key, Loss loss) {
        this.key = key;
        this.loss = loss;
    }

    @JsonValue
    public String key() {
        return key;
    }

    public Loss loss() {
        return loss;
    }

    @JsonCreator
    public static LossKind byName(String name) {
        for (LossKind k : values()) {
            if (k.key.equalsIgnoreCase(name) || k.loss.name().equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw new SpecException("unknown loss '" + name + "'; choose one of " + Arrays.stream(values()).map(LossKind::key).toList());
    }
}
