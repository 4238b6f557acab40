package dev.basin.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.basin.Version;
import dev.basin.data.DataException;
import dev.basin.experiment.RunFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code basin ui}: a read-only web dashboard of the run folders under one root, on the JDK's HTTP server. It only reads:
 * nothing is ever written under the root. Every path a request names is resolved inside the root, and refused (403) when it
 * leaves it, by {@code ..} or through a symbolic link. Tables are read to their last complete line, so a run that is
 * writing is shown as far as it has got; the pages poll the server every second.
 *
 * <pre>
 * GET /                         the runs, sweeps and reproductions with status and progress; tick runs to compare them
 * GET /run?path=REL             a run's report page, live
 * GET /compare?run=A&amp;run=B      the α, accuracy, loss and sharpness curves of several runs overlaid
 * GET /api/runs                 the index as JSON
 * GET /api/status?run=REL       {status, done, total}
 * GET /api/chart?run=REL&amp;chart=ID  one chart's series as JSON
 * GET /file?path=REL            a panel or table (png, svg, csv, json, md, html) from a run folder
 * GET /assets/NAME              the page's script, styles and uPlot, from the jar
 * </pre>
 */
public final class Dashboard implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of("png", "image/png", "svg", "image/svg+xml", "csv", "text/csv; charset=utf-8", "json",
            "application/json; charset=utf-8", "md", "text/markdown; charset=utf-8", "html", "text/html; charset=utf-8");
    private final Path root;
    private final String shown;
    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String stamp, List<Charts.Chart> charts) {
    }

    /** Thrown for a request that names a path outside the root or a missing one. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Refused(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private Dashboard(Path root, String shown, HttpServer server, ExecutorService pool) {
        this.root = root;
        this.shown = shown;
        this.server = server;
        this.pool = pool;
    }

    /** Starts serving {@code root} on {@code host:port} (port 0: a free one). */
    public static Dashboard start(Path root, String host, int port) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + " is not a folder; give the folder that holds the runs");
        }
        Path real = root.toRealPath();
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "basin-ui");
            t.setDaemon(true);
            return t;
        });
        Dashboard d = new Dashboard(real, root.toString(), server, pool);
        server.createContext("/", d::handle);
        server.setExecutor(pool);
        server.start();
        Thread warm = new Thread(d::warm, "basin-ui-warm");
        warm.setDaemon(true);
        warm.start();
        return d;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        String h = server.getAddress().getAddress().getHostAddress();
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "read-only: only GET\n");
                return;
            }
            URI uri = ex.getRequestURI();
            Map<String, List<String>> q = query(uri.getRawQuery());
            String path = uri.getPath();
            try {
                switch (path) {
                    case "/" -> send(ex, 200, "text/html; charset=utf-8", index());
                    case "/run" -> send(ex, 200, "text/html; charset=utf-8", runPage(one(q, "path")));
                    case "/compare" -> send(ex, 200, "text/html; charset=utf-8", comparePage(q.getOrDefault("run", List.of())));
                    case "/api/runs" -> send(ex, 200, "application/json; charset=utf-8", Report.json(runs()));
                    case "/api/status" -> send(ex, 200, "application/json; charset=utf-8", Report.json(status(one(q, "run"))));
                    case "/api/chart" -> send(ex, 200, "application/json; charset=utf-8", Report.json(chart(one(q, "run"), one(q, "chart"))));
                    case "/file" -> file(ex, one(q, "path"));
                    default -> {
                        if (path.startsWith("/assets/")) {
                            asset(ex, path.substring("/assets/".length()));
                        } else {
                            send(ex, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
                        }
                    }
                }
            } catch (Refused r) {
                send(ex, r.code, "text/plain; charset=utf-8", r.getMessage() + "\n");
            } catch (DataException e) {
                send(ex, 422, "text/plain; charset=utf-8", e.getMessage() + "\n");
            } catch (RuntimeException e) {
                send(ex, 500, "text/plain; charset=utf-8", "internal error: " + e + "\n");
            }
        }
    }

    /**
     * The path {@code rel} names inside the root; refused when it leaves the root (by {@code ..}, an absolute path or a
     * symbolic link) and 404 when absent.
     */
    Path resolve(String rel) {
        if (rel == null || rel.indexOf('\0') >= 0) {
            throw new Refused(400, "bad path");
        }
        Path p;
        try {
            p = root.resolve(rel.isEmpty() ? "." : rel).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new Refused(400, "bad path");
        }
        if (!p.startsWith(root)) {
            throw new Refused(403, "refused: the path leaves the dashboard's folder");
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(404, "not found: " + rel);
        }
        try {
            if (!p.toRealPath().startsWith(root)) {
                throw new Refused(403, "refused: the path leaves the dashboard's folder through a link");
            }
        } catch (IOException e) {
            throw new Refused(404, "not found: " + rel);
        }
        return p;
    }

    private RunFolder folder(String rel) {
        Path p = resolve(rel);
        if (!Files.isRegularFile(p.resolve("config.json"))) {
            throw new Refused(404, "not a run folder: " + rel);
        }
        return RunFolder.open(p);
    }

    String rel(Path p) {
        String r = root.relativize(p).toString().replace('\\', '/');
        return r.isEmpty() ? "." : r;
    }

    /** The index: every run folder under the root, nested ones indented. */
    List<Map<String, Object>> runs() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunFolder f : RunFolder.scan(root, 4)) {
            add(f, 0, out);
        }
        return out;
    }

    private void add(RunFolder f, int level, List<Map<String, Object>> out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", rel(f.dir()));
        m.put("query", encode(rel(f.dir())));
        m.put("protocol", f.protocol());
        m.put("status", f.status());
        m.put("done", f.done());
        m.put("total", f.total());
        m.put("percent", Double.isNaN(f.fraction()) ? null : String.format(Locale.ROOT, "%.0f", 100 * f.fraction()));
        m.put("level", level);
        m.put("indent", level * 18);
        out.add(m);
        for (RunFolder c : f.children()) {
            add(c, level + 1, out);
        }
    }

    private Map<String, Object> status(String rel) {
        RunFolder f = folder(rel);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", f.status());
        m.put("done", f.done());
        m.put("total", f.total());
        return m;
    }

    /** Reads every folder's tables once at start, so the first look at a large run is as quick as the next. */
    private void warm() {
        try {
            for (RunFolder f : RunFolder.scan(root, 4)) {
                warm(f);
            }
        } catch (RuntimeException e) {
            // a folder that cannot be read now is read (and its error shown) when asked for
        }
    }

    private void warm(RunFolder f) {
        try {
            charts(f);
        } catch (RuntimeException e) {
            // as above
        }
        f.children().forEach(this::warm);
    }

    private final Map<Path, Object> locks = new ConcurrentHashMap<>();

    /** A folder's charts, recomputed only when one of its files changed (size or time); one computation per folder at a time. */
    List<Charts.Chart> charts(RunFolder f) {
        synchronized (locks.computeIfAbsent(f.dir(), k -> new Object())) {
            return chartsOf(f);
        }
    }

    private List<Charts.Chart> chartsOf(RunFolder f) {
        StringBuilder stamp = new StringBuilder();
        for (String name : f.files()) {
            try {
                Path p = f.file(name);
                stamp.append(name).append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis()).append(';');
            } catch (IOException e) {
                stamp.append(name).append('?');
            }
        }
        Cached c = cache.get(f.dir());
        if (c != null && c.stamp().contentEquals(stamp)) {
            return c.charts();
        }
        List<Charts.Chart> charts = Charts.of(f);
        cache.put(f.dir(), new Cached(stamp.toString(), charts));
        return charts;
    }

    private Charts.Chart chart(String rel, String id) {
        RunFolder f = folder(rel);
        for (Charts.Chart c : charts(f)) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new Refused(404, "no chart '" + id + "' in " + rel);
    }

    private String index() {
        Map<String, Object> scope = page("Basin: runs under " + shown);
        scope.put("root", root.toString());
        scope.put("runs", runs());
        return Report.render("index.mustache", scope);
    }

    private String runPage(String rel) {
        RunFolder f = folder(rel);
        Report.Section s = Report.section(rel(f.dir()), f, p -> "/file?path=" + encode(rel(p)));
        return Report.html(List.of(s), true);
    }

    private String comparePage(List<String> rels) {
        if (rels.isEmpty()) {
            throw new Refused(400, "tick at least one run to compare");
        }
        Map<String, RunFolder> runs = new LinkedHashMap<>();
        for (String r : rels) {
            RunFolder f = folder(r);
            runs.put(rel(f.dir()), f);
        }
        List<Report.ChartView> views = new ArrayList<>();
        for (String id : List.of("alpha", "alpha-smoothed", "accuracy", "loss", "sharpness")) {
            Charts.Chart c = Charts.overlay(id, runs, this::charts);
            if (c != null) {
                views.add(Report.view("compare", c));
            }
        }
        Map<String, Object> scope = page("Basin: " + String.join(" vs ", runs.keySet()));
        scope.put("runs", runs.keySet().stream().map(r -> Map.of("path", r, "query", encode(r))).toList());
        scope.put("charts", views);
        return Report.render("compare.mustache", scope);
    }

    private Map<String, Object> page(String title) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("title", title);
        scope.put("version", Version.get());
        return scope;
    }

    private void file(HttpExchange ex, String rel) throws IOException {
        Path p = resolve(rel);
        String name = p.getFileName().toString();
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        if (type == null || !Files.isRegularFile(p)) {
            throw new Refused(403, "refused: only panels and tables are served (png, svg, csv, json, md, html)");
        }
        send(ex, 200, type, Files.readAllBytes(p));
    }

    private void asset(HttpExchange ex, String name) throws IOException {
        String res = switch (name) {
            case "uPlot.iife.min.js" -> Report.UPLOT + name;
            case "uPlot.min.css" -> Report.UPLOT + name;
            case "basin.js", "basin.css" -> "dev/basin/web/" + name;
            default -> null;
        };
        byte[] b = res == null ? null : Report.resourceBytes(res);
        if (b == null) {
            throw new Refused(404, "no asset " + name);
        }
        send(ex, 200, name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8", b);
    }

    private static String one(Map<String, List<String>> q, String key) {
        List<String> v = q.get(key);
        if (v == null || v.isEmpty()) {
            throw new Refused(400, "missing query parameter '" + key + "'");
        }
        return v.get(0);
    }

    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return m;
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        send(ex, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }
    }
}
