package dev.basin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.cli.Main;
import dev.basin.curvature.InterpolationRow;
import dev.basin.experiment.Claims;
import dev.basin.experiment.RunFolder;
import dev.basin.noise.AlphaRow;
import dev.basin.train.MetricsRow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basin report} of a small reproduction (the quick protocol at 20 iterations on a 2×16 network, synthetic data): the
 * page is self-contained and small, its charts hold as many points as the tables, its claims table and forest plot have
 * one row per claims.csv row; in headless Chromium the charts are drawn with those counts (skipped without Chromium).
 */
class ReportTest {
    @TempDir
    static Path dir;
    static Path repro;

    static String[] basin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @BeforeAll
    static void reproduce() {
        repro = dir.resolve("zhou2020");
        String[] r = basin("reproduce", "zhou2020", "--dataset", "synthetic", "--iterations", "20", "--depth", "2", "--width", "16",
                "--alpha-batches", "4", "--threads", "1", "--quiet", "--out", repro.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
    }

    /** Points the report must hold for a folder, counted from its tables independently of Charts. */
    static int expectedLossPoints(Path run) {
        int n = 0;
        for (MetricsRow m : MetricsRow.TABLE.read(run.resolve(MetricsRow.FILE))) {
            n += (Double.isFinite(m.trainLoss()) ? 1 : 0) + (Double.isFinite(m.testLoss()) ? 1 : 0) + (Double.isFinite(m.batchLoss()) ? 1 : 0);
        }
        return n;
    }

    static long rawAlphaRows(Path run) {
        return AlphaRow.TABLE.read(run.resolve(AlphaRow.FILE)).stream().filter(a -> a.quantity().equals("raw") && Double.isFinite(a.alphaNz())).count();
    }

    @Test
    void htmlIsSelfContainedSmallFastAndHoldsTheTables() throws Exception {
        Path html = dir.resolve("report.html");
        long t0 = System.nanoTime();
        String[] r = basin("report", repro.toString(), "--out", html.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(seconds).as("generation time").isLessThan(5);
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(Files.size(html)).as("size").isLessThan(3_000_000);
        assertThat(page).as("no network: nothing loaded from elsewhere").doesNotContainPattern("(src|href)=\"(https?:)?//");
        assertThat(page).contains("uPlot").contains("data:image/png;base64,");
        List<Claims.Row> claims = Claims.Row.TABLE.read(repro.resolve(Claims.Row.FILE));
        assertThat(Browser.count(page, "<tr class=\"claim-row\">")).isEqualTo(claims.size());
        assertThat(Browser.count(page, "<g class=\"forest-row ")).isEqualTo(claims.size());
        assertThat(page).contains(Claims.rule());
        // Every arm's loss chart holds every finite loss of its metrics.csv.
        RunFolder f = RunFolder.open(repro);
        assertThat(f.children()).hasSize(3);
        for (RunFolder arm : f.children()) {
            Charts.Chart loss = Charts.of(arm).stream().filter(c -> c.id().equals("loss")).findFirst().orElseThrow();
            assertThat(loss.points()).isEqualTo(expectedLossPoints(arm.dir()));
            Charts.Chart alpha = Charts.of(arm).stream().filter(c -> c.id().equals("alpha")).findFirst().orElseThrow();
            assertThat((long) alpha.points()).isEqualTo(rawAlphaRows(arm.dir()));
            Charts.Chart interp = Charts.of(arm).stream().filter(c -> c.id().equals("interpolation")).findFirst().orElseThrow();
            assertThat(interp.points()).isEqualTo(2 * InterpolationRow.TABLE.read(arm.file(InterpolationRow.FILE)).size());
        }
        assertThat(f.status()).isEqualTo("completed");
        assertThat(f.done()).isEqualTo(f.total()).isEqualTo(60);
    }

    @Test
    void markdownSitsBesideThePanels() throws Exception {
        Path md = repro.resolve("report.md");
        String[] r = basin("report", repro.toString(), "--format", "md");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        String text = Files.readString(md, StandardCharsets.UTF_8);
        List<Claims.Row> claims = Claims.Row.TABLE.read(repro.resolve(Claims.Row.FILE));
        assertThat(text.lines().filter(l -> l.startsWith("| (")).count()).isEqualTo(claims.size());
        assertThat(text).contains("![alpha.png](alpha.png)").contains("Rule: " + Claims.rule()).doesNotContain("&#");
        Files.delete(md);
    }

    @Test
    void badArgumentsAreOneLine() {
        String[] r = basin("report", dir.resolve("nothing").toString());
        assertThat(r[0]).isEqualTo("4");
        assertThat(r[2].strip().lines().count()).isEqualTo(1);
        assertThat(r[2]).contains("is not a Basin run folder");
        r = basin("report", repro.toString(), "--format", "pdf");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("unknown --format 'pdf'");
    }

    @Test
    void chromiumDrawsEveryChartWithItsPoints() throws Exception {
        Browser.assumeChromium();
        Path html = dir.resolve("browser.html");
        assertThat(basin("report", repro.toString(), "--out", html.toString())[0]).isEqualTo("0");
        String dom = Browser.dumpDom(html.toUri().toString(), dir);
        Map<String, Integer> drawn = Browser.points(dom);
        assertThat(dom).contains("class=\"uplot");
        String page = Files.readString(html, StandardCharsets.UTF_8);
        Map<String, Integer> expected = new java.util.TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<div class=\"chart\" id=\"([^\"]+)\"[^>]*data-expected-points=\"(\\d+)\"")
                .matcher(page);
        while (m.find()) {
            expected.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertThat(drawn).isEqualTo(expected);
        assertThat(drawn.get("zhou2020_sgd-loss")).isEqualTo(expectedLossPoints(repro.resolve("sgd")));
        assertThat(Browser.count(dom, "class=\"uplot")).isEqualTo(expected.size());
        assertThat(Browser.count(dom, "<tr class=\"claim-row\">")).isEqualTo(Claims.Row.TABLE.read(repro.resolve(Claims.Row.FILE)).size());
        Path png = Path.of("target", "report-screenshot.png");
        Files.createDirectories(png.getParent());
        Browser.screenshot(html.toUri().toString(), png, dir, 2600);
        assertThat(png).isNotEmptyFile();
    }
}
