package dev.basin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.curvature.InterpolationRow;
import dev.basin.curvature.LandscapeRow;
import dev.basin.curvature.SharpnessRow;
import dev.basin.curvature.SpectrumRow;
import dev.basin.experiment.Claims;
import dev.basin.experiment.EscapeRow;
import dev.basin.experiment.RunFolder;
import dev.basin.experiment.Zhou2020;
import dev.basin.noise.AlphaRow;
import dev.basin.train.MetricsRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a finished {@code basin reproduce zhou2020} (the README's main job; CI passes its folder as
 * {@code -Dbasin.test.reproduceDir=DIR}) in headless Chromium: every chart holds as many points as the folder's CSVs give
 * (counted here from the tables, not through {@link Charts}), the claims table's rows are claims.csv's row by row, the page
 * is offline and under 3 MB, and a screenshot is saved to {@code target/quick-reproduce-report.png}. Skipped without the
 * property or without Chromium.
 */
class QuickReproduceReportBrowserTest {
    static final String PROPERTY = "basin.test.reproduceDir";
    @TempDir
    Path work;

    @Test
    void chromiumDrawsTheReportOfTheQuickReproduce() throws Exception {
        String dirName = System.getProperty(PROPERTY, "");
        Assumptions.assumeTrue(!dirName.isBlank(), "no -D" + PROPERTY + "=DIR (a finished 'basin reproduce zhou2020' folder): skipped");
        Path dir = Path.of(dirName);
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve(Claims.Row.FILE)) && Files.isRegularFile(dir.resolve(Zhou2020.SummaryRow.FILE)),
                dir + " holds no claims.csv and summary.csv (not a finished reproduction): skipped");
        Browser.assumeChromium();
        assertThat(RunFolder.open(dir).status()).as("the reproduction finished").isEqualTo("completed");

        Path html = Path.of("target", "quick-reproduce-report.html").toAbsolutePath();
        Files.createDirectories(html.getParent());
        long t0 = System.nanoTime();
        String[] r = ReportTest.basin("report", dir.toString(), "--out", html.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        long bytes = Files.size(html);
        System.out.printf(Locale.ROOT, "report of %s: %.2f MB in %.2f s%n", dir, bytes / 1e6, seconds);
        assertThat(bytes).as("size").isLessThan(3_000_000);
        assertThat(seconds).as("generation time").isLessThan(5);
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(page).as("no network: nothing loaded from elsewhere").doesNotContainPattern("(src|href)=\"(https?:)?//");

        String dom = Browser.dumpDom(html.toUri().toString(), work);
        // Every chart: drawn by uPlot with the points the CSVs hold.
        List<Map<String, String>> charts = elements(dom, "<div class=\"chart\" ");
        assertThat(charts).as("charts on the page").isNotEmpty();
        assertThat(Browser.count(dom, "class=\"uplot")).as("uPlot instances").isEqualTo(charts.size());
        String top = charts.stream().map(c -> c.get("data-run")).filter(n -> !n.contains("/")).findFirst()
                .orElse(charts.get(0).get("data-run").replaceFirst("/.*", ""));
        Map<String, Integer> drawn = new TreeMap<>();
        Map<String, Integer> expected = new TreeMap<>();
        for (Map<String, String> c : charts) {
            String run = c.get("data-run");
            Path folder = run.equals(top) ? dir : dir.resolve(run.substring(top.length() + 1));
            String key = run + " " + c.get("data-chart");
            drawn.put(key, Integer.parseInt(c.get("data-points")));
            expected.put(key, expectedPoints(folder, c.get("data-chart")));
        }
        System.out.println("chart points drawn: " + drawn);
        assertThat(drawn).isEqualTo(expected);
        assertThat(expected.keySet()).as("each arm's loss, accuracy, α̂ and interpolation")
                .anyMatch(k -> k.endsWith("/sgd loss")).anyMatch(k -> k.endsWith("/adam alpha")).anyMatch(k -> k.endsWith("/adam alpha-smoothed"))
                .anyMatch(k -> k.endsWith("/sgd interpolation"));
        // Heatmaps (a 2-D landscape in the folder): one laid-out cell per landscape.csv row.
        for (Map<String, String> h : elements(dom, "<figure class=\"heatmap\" ")) {
            String run = h.get("data-run");
            Path folder = run.equals(top) ? dir : dir.resolve(run.substring(top.length() + 1));
            assertThat(Integer.parseInt(h.get("data-cells-drawn"))).isEqualTo(LandscapeRow.read(folder.resolve(LandscapeRow.FILE)).size());
        }

        // The claims table: claims.csv row by row, in order.
        List<Claims.Row> claims = Claims.Row.TABLE.read(dir.resolve(Claims.Row.FILE));
        List<List<String>> rows = claimRows(dom);
        assertThat(rows).hasSameSizeAs(claims);
        for (int i = 0; i < claims.size(); i++) {
            Claims.Row c = claims.get(i);
            assertThat(rows.get(i)).as("claims.csv row " + (i + 1)).containsExactly("(" + c.id() + ") " + c.claim(), c.sgdArm(), c.quantity(),
                    fixed(c.estimate()), "[" + fixed(c.lo()) + ", " + fixed(c.hi()) + "]", Integer.toString(c.seeds()), c.verdict().label());
        }
        assertThat(Browser.count(dom, "<g class=\"forest-row ")).as("forest plot rows").isEqualTo(claims.size());
        assertThat(Browser.count(dom, "<tr class=\"claim-row\">")).isEqualTo(claims.size());
        int summaryRows = Zhou2020.SummaryRow.TABLE.read(dir.resolve(Zhou2020.SummaryRow.FILE)).size();
        Matcher summary = Pattern.compile("<table class=\"summary\">.*?<tbody>(.*?)</tbody>", Pattern.DOTALL).matcher(dom);
        assertThat(summary.find()).as("the summary table").isTrue();
        assertThat(Browser.count(summary.group(1), "<tr>")).isEqualTo(summaryRows);

        Path png = Path.of("target", "quick-reproduce-report.png");
        Browser.screenshot(html.toUri().toString(), png, work, 3200);
        assertThat(png).isNotEmptyFile();
    }

    /** The points a chart must show, counted from the folder's tables by the rules docs/reporting.md states. */
    static int expectedPoints(Path folder, String chart) {
        switch (chart) {
            case "loss": {
                List<MetricsRow> m = MetricsRow.TABLE.read(folder.resolve(MetricsRow.FILE));
                return points(m, MetricsRow::trainLoss) + points(m, MetricsRow::testLoss) + points(m, MetricsRow::batchLoss);
            }
            case "accuracy": {
                List<MetricsRow> m = MetricsRow.TABLE.read(folder.resolve(MetricsRow.FILE));
                return points(m, MetricsRow::trainAcc) + points(m, MetricsRow::testAcc);
            }
            case "alpha", "alpha-smoothed", "alpha-layers":
                return alphaPoints(AlphaRow.TABLE.read(folder.resolve(AlphaRow.FILE)), chart);
            case "sharpness": {
                List<SharpnessRow> s = SharpnessRow.TABLE.read(folder.resolve(SharpnessRow.FILE));
                int k = s.isEmpty() ? 0 : s.get(0).lambda().length;
                int n = 0;
                for (int j = 0; j < k; j++) {
                    int jj = j;
                    n += points(s, x -> x.lambda()[jj]);
                }
                return n;
            }
            case "spectrum":
                return points(SpectrumRow.TABLE.read(folder.resolve(SpectrumRow.FILE)), SpectrumRow::density);
            case "interpolation": {
                List<InterpolationRow> s = InterpolationRow.TABLE.read(folder.resolve(InterpolationRow.FILE));
                return points(s, InterpolationRow::trainLoss) + points(s, InterpolationRow::testLoss);
            }
            case "landscape": {
                List<LandscapeRow> s = LandscapeRow.read(folder.resolve(LandscapeRow.FILE));
                double b0 = s.stream().mapToDouble(LandscapeRow::beta).filter(Double::isFinite).map(Math::abs).min().orElse(Double.NaN);
                return points(Double.isNaN(b0) ? s : s.stream().filter(x -> Math.abs(x.beta()) == b0).toList(), LandscapeRow::loss);
            }
            case "escape-sharpest": {
                // a survival curve per optimizer: the start (1 at 0) and one point per continuation that left
                Map<String, Integer> by = new LinkedHashMap<>();
                for (Zhou2020.SharpestEscapeRow e : Zhou2020.SharpestEscapeRow.TABLE.read(folder.resolve(Zhou2020.SharpestEscapeRow.FILE))) {
                    by.merge(e.optimizer(), e.exitBarrier() == null ? 0 : 1, Integer::sum);
                }
                return by.values().stream().mapToInt(v -> 1 + v).sum();
            }
            case "escape-barrier", "escape-radius": {
                Map<String, Integer> by = new LinkedHashMap<>();
                for (EscapeRow e : EscapeRow.TABLE.read(folder.resolve(EscapeRow.FILE))) {
                    Long t = chart.equals("escape-barrier") ? e.exitBarrier() : e.exitRadius();
                    by.merge(e.optimizer() + " " + e.lr(), t == null ? 0 : 1, Integer::sum);
                }
                return by.values().stream().mapToInt(v -> 1 + v).sum();
            }
            default:
                throw new AssertionError("chart '" + chart + "' in " + folder + ": this test does not know how many points it must hold; add its rule");
        }
    }

    /**
     * α̂ charts: one series per (set, quantity) in file order, α̂ without the zero-variance coordinates where the series has
     * it and α̂ otherwise; "alpha" the raw quantities, "alpha-smoothed" the smoothed ones with the raw series of their sets,
     * "alpha-layers" every tensor of the first series.
     */
    static int alphaPoints(List<AlphaRow> rows, String chart) {
        Map<String, List<AlphaRow>> by = new LinkedHashMap<>();
        rows.forEach(a -> by.computeIfAbsent(a.set() + "\u0000" + a.quantity(), k -> new ArrayList<>()).add(a));
        List<String> smoothedSets = by.values().stream().filter(s -> !s.get(0).quantity().equals("raw")).map(s -> s.get(0).set()).toList();
        int n = 0;
        for (List<AlphaRow> s : by.values()) {
            boolean raw = s.get(0).quantity().equals("raw");
            boolean in = chart.equals("alpha") ? raw : chart.equals("alpha-smoothed") && (!raw || smoothedSets.contains(s.get(0).set()));
            if (in) {
                boolean nz = s.stream().anyMatch(a -> Double.isFinite(a.alphaNz()));
                n += points(s, a -> nz ? a.alphaNz() : a.alpha());
            }
        }
        if (chart.equals("alpha-layers")) {
            List<AlphaRow> first = by.values().iterator().next();
            for (int t = 0; t < first.get(0).tensors().size(); t++) {
                int tt = t;
                n += points(first, a -> Double.isFinite(a.tensors().get(tt).alphaNz()) ? a.tensors().get(tt).alphaNz() : a.tensors().get(tt).alpha());
            }
        }
        return n;
    }

    /**
     * The points of one series: its finite values; a series of more than 4,000 rows is drawn from the lowest and the highest
     * finite value of each of 2,000 consecutive buckets (one point where they coincide).
     */
    static <R> int points(List<R> rows, ToDoubleFunction<R> y) {
        int n = rows.size();
        if (n <= 4000) {
            return (int) rows.stream().mapToDouble(y).filter(Double::isFinite).count();
        }
        int points = 0;
        for (int b = 0; b < 2000; b++) {
            int lo = -1;
            int hi = -1;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = (int) ((long) b * n / 2000); i < (int) ((long) (b + 1) * n / 2000); i++) {
                double v = y.applyAsDouble(rows.get(i));
                if (!Double.isFinite(v)) {
                    continue;
                }
                if (v < min) {
                    min = v;
                    lo = i;
                }
                if (v > max) {
                    max = v;
                    hi = i;
                }
            }
            points += lo < 0 ? 0 : lo == hi ? 1 : 2;
        }
        return points;
    }

    static String fixed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "–";
    }

    private static final Pattern ATTR = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");

    /** The attributes of every element whose opening tag starts with {@code start}. */
    static List<Map<String, String>> elements(String dom, String start) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = dom.indexOf(start); i >= 0; i = dom.indexOf(start, i + 1)) {
            String tag = dom.substring(i, dom.indexOf('>', i));
            Map<String, String> a = new LinkedHashMap<>();
            Matcher m = ATTR.matcher(tag);
            while (m.find()) {
                a.put(m.group(1), unescape(m.group(2)));
            }
            out.add(a);
        }
        return out;
    }

    /** The cells of the claims table's rows, as text. */
    static List<List<String>> claimRows(String dom) {
        List<List<String>> out = new ArrayList<>();
        Matcher row = Pattern.compile("<tr class=\"claim-row\">(.*?)</tr>", Pattern.DOTALL).matcher(dom);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher td = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
            while (td.find()) {
                cells.add(unescape(td.group(1)));
            }
            out.add(cells);
        }
        return out;
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&nbsp;", "\u00a0").replace("&#61;", "=").replace("&amp;", "&");
    }
}
