package dev.basin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.curvature.LandscapeRow;
import dev.basin.experiment.RunFolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 2-D loss landscape as a heatmap, in the report and on the dashboard's run page: one SVG cell per landscape.csv row,
 * the lowest point marked where the table has it, the axes named after the two directions, a legend; the Markdown report
 * links the landscape panel. A hand-written slice of a known function (with a NaN point) checks the page and the HTTP
 * answers without a browser; {@code basin landscape} on a small trained run checks it in headless Chromium (skipped
 * without Chromium).
 */
class LandscapeHeatmapTest {
    @TempDir
    static Path root;
    static final int N = 9;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** (α − 0.25)² + 2 (β + 0.5)² + 0.1 on an N × N grid over [−1, 1]², lowest at (0.25, −0.5); the point (1, 1) NaN. */
    static Path handSlice(String name) throws Exception {
        Path d = root.resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("config.json"), "{\"spec_version\":1,\"protocol\":\"train\",\"training\":{\"iterations\":10}}");
        List<LandscapeRow> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double a = -1 + 2.0 * i / (N - 1);
                double b = -1 + 2.0 * j / (N - 1);
                double loss = i == N - 1 && j == N - 1 ? Double.NaN : (a - 0.25) * (a - 0.25) + 2 * (b + 0.5) * (b + 0.5) + 0.1;
                rows.add(new LandscapeRow(a, b, loss, 0.5));
            }
        }
        LandscapeRow.write(d.resolve(LandscapeRow.FILE), rows, 2);
        return d;
    }

    static int cells(String html) {
        return Browser.count(html, "<rect class=\"cell");
    }

    @Test
    void reportDrawsOneCellPerPointWithTheMinimumAndTheAxes() throws Exception {
        Path d = handSlice("hand");
        Charts.Chart heat = Charts.of(RunFolder.open(d)).stream().filter(c -> c.id().equals("landscape-heatmap")).findFirst().orElseThrow();
        assertThat(heat.grid().x()).hasSize(N);
        assertThat(heat.grid().y()).hasSize(N);
        assertThat(heat.points()).as("finite cells").isEqualTo(N * N - 1);
        assertThat(heat.grid().values().get(N - 1).get(N - 1)).isNull();
        // The centre slice is kept beside the heatmap.
        assertThat(Charts.of(RunFolder.open(d)).stream().map(Charts.Chart::id)).contains("landscape");
        Path html = root.resolve("hand.html");
        String[] r = ReportTest.basin("report", d.toString(), "--out", html.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        String page = Files.readString(html, StandardCharsets.UTF_8).replace("&#61;", "=");
        assertThat(page).contains("<figure class=\"heatmap\" id=\"hand-landscape-heatmap\"").contains("data-cells=\"" + N * N + "\"");
        assertThat(cells(page)).isEqualTo(N * N);
        assertThat(Browser.count(page, "<rect class=\"cell missing\"")).isEqualTo(1);
        assertThat(page).contains("α (step along direction 1)").contains("β (step along direction 2)");
        assertThat(page).contains("lowest point: train loss 0.1 at α = 0.25, β = -0.5");
        assertThat(page).contains("class=\"marker min\"").contains("class=\"marker centre\"").contains("fill=\"url(#hand-landscape-heatmap-scale)\"");
        // Colours: the lowest cell is viridis' dark end, the highest finite one its bright end; log scale (0.1 to 6.1625).
        assertThat(page).contains("fill=\"#440154\"><title>α 0.25, β -0.5: train loss 0.1</title>");
        assertThat(page).contains("<title>α -1, β 1: train loss 6.16</title>").contains("train loss (log scale)");
        Matcher brightest = Pattern.compile("fill=\"(#[0-9a-f]{6})\"><title>α -1, β 1:").matcher(page);
        assertThat(brightest.find()).isTrue();
        assertThat(brightest.group(1)).isEqualTo("#fde725");
    }

    @Test
    void dashboardRunPageAndApiServeTheHeatmap() throws Exception {
        handSlice("served");
        try (Dashboard ui = Dashboard.start(root, "127.0.0.1", 0)) {
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(ui.url() + "run?path=served")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(cells(page.body())).isEqualTo(N * N);
            assertThat(page.body()).contains("data-chart=\"landscape-heatmap\"").contains("data-chart=\"landscape\"");
            HttpResponse<String> api = HTTP.send(HttpRequest.newBuilder(URI.create(ui.url() + "api/chart?run=served&chart=landscape-heatmap")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(api.body());
            assertThat(j.path("grid").path("x").size()).isEqualTo(N);
            assertThat(j.path("grid").path("values").size()).isEqualTo(N);
            assertThat(j.path("grid").path("values").path(N - 1).path(N - 1).isNull()).isTrue();
        }
    }

    @Test
    void markdownLinksTheLandscapePanelWhenThereIsOne() throws Exception {
        Path d = handSlice("md");
        assertThat(ReportTest.basin("report", d.toString(), "--format", "md")[0]).isEqualTo("0");
        String text = Files.readString(d.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(text).contains("### Loss landscape").contains("9 × 9 points").contains("no landscape.png beside landscape.csv")
                .doesNotContain("](landscape.png)");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", d.resolve("landscape.png").toFile());
        assertThat(ReportTest.basin("report", d.toString(), "--format", "md")[0]).isEqualTo("0");
        text = Files.readString(d.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(text).contains("### Loss landscape\n\n![landscape.png](landscape.png)").doesNotContain("no landscape.png");
    }

    @Test
    void chromiumDrawsTheHeatmapOfBasinLandscape() throws Exception {
        Browser.assumeChromium();
        Path run = root.resolve("trained");
        String[] r = ReportTest.basin("train", "--dataset", "synthetic", "--iterations", "100", "--depth", "2", "--width", "16", "--threads", "1",
                "--quiet", "--out", run.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        r = ReportTest.basin("landscape", run.toString(), "--dims", "2", "--points", "15", "--samples", "300", "--threads", "1");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        int rows = LandscapeRow.TABLE.read(run.resolve(LandscapeRow.FILE)).size();
        assertThat(rows).isEqualTo(15 * 15);
        Path html = root.resolve("trained.html");
        assertThat(ReportTest.basin("report", run.toString(), "--out", html.toString())[0]).isEqualTo("0");
        Pattern drawn = Pattern.compile("<figure class=\"heatmap\" id=\"[^\"]*landscape-heatmap\"[^>]*data-cells=\"(\\d+)\"[^>]*data-cells-drawn=\"(\\d+)\"");
        String dom = Browser.dumpDom(html.toUri().toString(), root);
        Matcher m = drawn.matcher(dom);
        assertThat(m.find()).as("the report's heatmap was laid out").isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(rows);
        assertThat(Integer.parseInt(m.group(2))).as("cells the browser laid out").isEqualTo(rows);
        assertThat(cells(dom)).isEqualTo(rows);
        try (Dashboard ui = Dashboard.start(root, "127.0.0.1", 0)) {
            String live = Browser.dumpDom(ui.url() + "run?path=trained", root);
            Matcher l = drawn.matcher(live);
            assertThat(l.find()).as("the dashboard's heatmap was laid out").isTrue();
            assertThat(Integer.parseInt(l.group(2))).isEqualTo(rows);
        }
        Path png = Path.of("target", "report-heatmap.png");
        Files.createDirectories(png.getParent());
        Browser.screenshot(html.toUri().toString(), png, root, 1500);
        assertThat(png).isNotEmptyFile();
    }
}
