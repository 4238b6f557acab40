package dev.basin.spec;

import dev.basin.Version;
import dev.basin.data.DataSets;
import dev.basin.nn.Network;
import dev.basin.nn.ParamTensor;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * How and where a run was made: Basin's version, the command, the time it started, Java, the OS, the
 * processors and the BLAS threads, and facts derived from the spec (data sizes, the model's PyTorch listing
 * and tensor layout) for readers that do not rebuild the run. Nothing here changes what the run computes
 * except {@code threads} (BLAS reductions are summed in a thread-dependent order).
 */
public record Provenance(String basinVersion, String command, String created, String java, String os, Integer processors, Integer threads,
                         String gemm, DataFacts data, ModelFacts model) {

    /** Sizes and shape of the data a run read (its files and checksums are in the spec's {@code data.files}). */
    public record DataFacts(String train, int trainSamples, String test, Integer testSamples, int features, int classes) {
        public static DataFacts of(DataSets.Loaded d) {
            return new DataFacts(d.train().name(), d.train().size(), d.test() == null ? null : d.test().name(),
                    d.test() == null ? null : d.test().size(), d.train().featureSize(), d.train().classes());
        }
    }

    /** A network's parameter count, its nn.Sequential listing, initialisation and tensor layout in the checkpoints. */
    public record ModelFacts(long parameters, String pytorch, String init, List<Tensor> tensors) {
        public static ModelFacts of(Network net) {
            List<Tensor> ts = new ArrayList<>();
            for (ParamTensor t : net.tensors()) {
                List<Integer> shape = new ArrayList<>();
                for (int s : t.shape()) {
                    shape.add(s);
                }
                ts.add(new Tensor(t.name(), shape, t.offset()));
            }
            return new ModelFacts(net.parameterCount(), net.describe(), "PyTorch nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in))", ts);
        }
    }

    public record Tensor(String name, List<Integer> shape, long offset) {
    }

    /** The provenance of a run starting now. */
    public static Provenance now(String command, int threads, String gemm, DataSets.Loaded data, Network net) {
        return new Provenance(Version.get(), command, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).toString(),
                System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), threads, gemm, data == null ? null : DataFacts.of(data),
                net == null ? null : ModelFacts.of(net));
    }
}
