package dev.basin.train;

/**
 * One row of metrics.csv. {@code batchLoss} is the mean minibatch training loss over the steps since
 * the previous row (NaN at iteration 0); train metrics are over the evaluated train subset.
 */
public record MetricsRow(long iteration, long epoch, double lr, double batchLoss, double trainLoss, double trainAcc,
                         double testLoss, double testAcc, double wallSeconds) {
    public static final String HEADER = "iteration,epoch,lr,batch_loss,train_loss,train_acc,test_loss,test_acc,wall_s";

    public String toCsv() {
        return iteration + "," + epoch + "," + num(lr) + "," + num(batchLoss) + "," + num(trainLoss) + "," + num(trainAcc) + ","
                + num(testLoss) + "," + num(testAcc) + "," + String.format(java.util.Locale.ROOT, "%.3f", wallSeconds);
    }

    /** Shortest decimal that reads back to the same double; empty for NaN (not measured). */
    static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
