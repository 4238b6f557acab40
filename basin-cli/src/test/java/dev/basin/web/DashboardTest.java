package dev.basin.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.train.MetricsRow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basin ui} over HTTP (status codes, content types, traversal and links out refused, loopback by default, a half-written
 * row ignored, nothing written) and, in headless Chromium, during a live {@code basin train} in another process: the run is
 * listed as running and its charts' point counts grow between two loads (skipped without Chromium).
 */
class DashboardTest {
    @TempDir
    static Path root;
    @TempDir
    static Path outside;
    static Dashboard ui;
    static Process live;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(root.resolve("runs"));
        Files.writeString(outside.resolve("secret.csv"), "x\n1\n");
        ui = Dashboard.start(root, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ui.close();
        if (live != null) {
            live.destroy();
            live.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ui.url() + path.replaceFirst("^/", ""))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A finished-looking training folder written by hand: config.json and metrics.csv, the last row cut in half. */
    static Path handRun(String name, int rows) throws IOException {
        Path d = root.resolve("runs").resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("config.json"), "{\"spec_version\":1,\"protocol\":\"train\",\"training\":{\"iterations\":" + (rows * 10) + "},"
                + "\"optimizer\":{\"name\":\"sgd\",\"lr\":0.1}}");
        List<MetricsRow> m = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            m.add(new MetricsRow(10L * i, 0, 0.1, i == 0 ? Double.NaN : 1.0 / i, 2.0 / (i + 1), 0.1 * i / rows, 2.1 / (i + 1), 0.1 * i / rows, i));
        }
        StringBuilder sb = new StringBuilder(MetricsRow.TABLE.csv(m));
        sb.append("999,0,0.1,0.5,0.5");
        Files.writeString(d.resolve(MetricsRow.FILE), sb.toString());
        return d;
    }

    @Test
    void servesPagesAndJsonWithTheirTypes() throws Exception {
        handRun("a", 7);
        assertThat(ui.url()).startsWith("http://127.0.0.1:");
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.body()).contains("runs/a").contains("failed");
        HttpResponse<String> runs = get("/api/runs");
        assertThat(runs.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(runs.body()).contains("\"path\":\"runs/a\"").contains("\"done\":60").contains("\"total\":70");
        HttpResponse<String> chart = get("/api/chart?run=runs/a&chart=loss");
        assertThat(chart.statusCode()).isEqualTo(200);
        // 7 complete rows: 7 train + 7 test + 6 batch losses; the half-written 8th row is not read.
        assertThat(chart.body()).doesNotContain("999");
        assertThat(Charts.of(dev.basin.experiment.RunFolder.open(root.resolve("runs/a"))).get(0).points()).isEqualTo(20);
        HttpResponse<String> page = get("/run?path=runs/a");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-live=\"true\"").contains("data-chart=\"loss\"");
        assertThat(get("/assets/basin.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/assets/uPlot.iife.min.js").statusCode()).isEqualTo(200);
        assertThat(get("/compare?run=runs/a&run=runs/a").statusCode()).isEqualTo(200);
        assertThat(get("/file?path=runs/a/metrics.csv").headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    }

    @Test
    void refusesWhatLeavesTheFolderAndNeverWrites() throws Exception {
        Path a = handRun("b", 3);
        Files.createSymbolicLink(root.resolve("runs").resolve("link"), outside);
        Files.createSymbolicLink(a.resolve("out.csv"), outside.resolve("secret.csv"));
        long before = Files.walk(root).count();
        assertThat(get("/file?path=../" + outside.getFileName() + "/secret.csv").statusCode()).isEqualTo(403);
        assertThat(get("/file?path=runs/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(403);
        assertThat(get("/file?path=" + outside.resolve("secret.csv")).statusCode()).isEqualTo(403);
        assertThat(get("/file?path=runs/link/secret.csv").statusCode()).isEqualTo(403);
        assertThat(get("/file?path=runs/b/out.csv").statusCode()).isEqualTo(403);
        assertThat(get("/run?path=runs/link").statusCode()).isEqualTo(403);
        assertThat(get("/file?path=runs/b/config.jsonx").statusCode()).isEqualTo(404);
        assertThat(get("/api/chart?run=runs/b&chart=nosuch").statusCode()).isEqualTo(404);
        assertThat(get("/api/chart?run=runs/b").statusCode()).isEqualTo(400);
        assertThat(get("/nosuch").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(ui.url() + "api/runs")).POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get("/").body()).doesNotContain("runs/link");
        assertThat(Files.walk(root).count()).as("nothing written").isEqualTo(before);
    }

    @Test
    void largeFolderIsReadOnceAndThenByWhatWasAppended() throws Exception {
        Path d = root.resolve("big");
        Files.createDirectories(d);
        Files.writeString(d.resolve("config.json"), "{\"spec_version\":1,\"protocol\":\"train\",\"training\":{\"iterations\":1000000}}");
        List<MetricsRow> m = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            m.add(new MetricsRow(10L * i, i / 600, 0.1, 1.0 / (i + 1), 2.0 / (i + 1), 0.5, 2.1 / (i + 1), 0.5, 0.01 * i));
        }
        MetricsRow.TABLE.write(d.resolve(MetricsRow.FILE), m);
        // The first request parses the table and builds every chart (cold, it depends on the machine's load; bench/dashboard.sh
        // measures it); later charts of an unchanged folder come from the cache.
        List<String> charts = List.of("loss", "accuracy", "loss");
        for (int i = 0; i < charts.size(); i++) {
            String chart = charts.get(i);
            long t0 = System.nanoTime();
            HttpResponse<String> r = get("/api/chart?run=big&chart=" + chart);
            double s = (System.nanoTime() - t0) / 1e9;
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"rows\":20000");
            System.out.printf(java.util.Locale.ROOT, "chart %s of 2x10^4 metric rows: %.3f s, %d bytes%n", chart, s, r.body().length());
            if (i > 0) {
                assertThat(s).as(chart + " from the cache").isLessThan(1.0);
            }
        }
        // A row appended: only the new bytes are parsed, and the chart grows.
        Files.writeString(d.resolve(MetricsRow.FILE), "200000,33,0.1,0.5,0.5,0.5,0.5,0.5,1000.0\n", java.nio.file.StandardOpenOption.APPEND);
        long t0 = System.nanoTime();
        HttpResponse<String> r = get("/api/chart?run=big&chart=loss");
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "chart loss after one appended row: %.3f s%n", s);
        assertThat(s).as("an appended row is read alone").isLessThan(1.0);
        assertThat(r.body()).contains("\"rows\":20001");
    }

    @Test
    void chromiumWatchesALiveTrainingRun() throws Exception {
        Browser.assumeChromium();
        Path run = root.resolve("live");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "--add-modules", "jdk.incubator.vector", "dev.basin.cli.Main", "train", "--dataset",
                "synthetic", "--iterations", "2000000", "--depth", "2", "--width", "8", "--eval-every", "200", "--threads", "1", "--quiet",
                "--checkpoint-every", "0", "--out", run.toString()));
        live = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path metrics = run.resolve(MetricsRow.FILE);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while ((!Files.exists(metrics) || Files.readAllLines(metrics).size() < 3) && System.nanoTime() < deadline) {
            assertThat(live.isAlive()).as("the training process runs").isTrue();
            Thread.sleep(200);
        }
        String index = Browser.dumpDom(ui.url(), root.getParent());
        assertThat(index).containsPattern("data-path=\"live\" data-status=\"running\"");
        // One load: the page draws the points it was served with, then polls every second and redraws as rows arrive.
        String page = Browser.dumpDom(ui.url() + "run?path=live", root.getParent());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<div class=\"chart\" id=\"live-loss\"[^>]*data-points=\"(\\d+)\" "
                + "data-expected-points=\"(\\d+)\"[^>]*data-draws=\"(\\d+)\"").matcher(page);
        assertThat(m.find()).as("the live loss chart was drawn").isTrue();
        int served = Integer.parseInt(m.group(2));
        int drawn = Integer.parseInt(m.group(1));
        assertThat(served).isGreaterThan(0);
        assertThat(Integer.parseInt(m.group(3))).as("redrawn by the page's polling").isGreaterThan(1);
        assertThat(drawn).as("points grow while the run writes").isGreaterThan(served);
        Path png = Path.of("target", "dashboard-screenshot.png");
        Browser.screenshot(ui.url() + "run?path=live", png, root.getParent(), 1100);
        assertThat(png).isNotEmptyFile();
    }
}
