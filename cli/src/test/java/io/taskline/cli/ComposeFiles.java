package io.taskline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The files of {@code compose/} (and the repository root's Dockerfile and launcher), parsed. */
final class ComposeFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ComposeFiles() {
    }

    /** The repository root: the nearest folder up from here holding the launcher and {@code compose/}. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("taskline")) && Files.isDirectory(dir.resolve("compose"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root with taskline and compose/ above " + Path.of("").toAbsolutePath());
    }

    static Path composeDir() {
        return root().resolve("compose");
    }

    /**
     * A YAML file as a tree. SnakeYAML (under jackson-dataformat-yaml) loads it, because it resolves
     * anchors and {@code <<} merge keys as Docker Compose does; Jackson's YAML parser leaves them as is.
     */
    static JsonNode yaml(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return JSON.valueToTree(loaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode compose() {
        return yaml(composeDir().resolve("docker-compose.yml"));
    }

    static Map<String, String> workerProperties() {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(composeDir().resolve("worker.properties"))) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k).trim()));
        return out;
    }

    static JsonNode dashboard() {
        return json(composeDir().resolve("grafana/dashboards/taskline.json"));
    }

    static JsonNode alerts() {
        return yaml(composeDir().resolve("prometheus/alerts.yml"));
    }

    /** Every panel of the dashboard, those nested in rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        collectPanels(dashboard.path("panels"), out);
        return out;
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> out) {
        for (JsonNode panel : panels) {
            out.add(panel);
            collectPanels(panel.path("panels"), out);
        }
    }

    /** The PromQL of every dashboard target. */
    static List<String> dashboardExpressions() {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : panels(dashboard())) {
            panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        }
        return out;
    }

    /** The PromQL of every alert rule. */
    static List<String> alertExpressions() {
        List<String> out = new ArrayList<>();
        alerts().path("groups").forEach(g -> g.path("rules").forEach(r -> out.add(r.path("expr").asText())));
        return out;
    }

    /** Every metric name the dashboard (targets and variables) and the alert rules read. */
    static Set<String> usedMetricNames() {
        Set<String> names = new TreeSet<>();
        dashboardExpressions().forEach(e -> names.addAll(PromQl.metricNames(e)));
        alertExpressions().forEach(e -> names.addAll(PromQl.metricNames(e)));
        dashboard().path("templating").path("list").forEach(v ->
                PromQl.labelValuesMetric(v.path("query").path("query").asText(v.path("query").asText()))
                        .ifPresent(names::add));
        return names;
    }

    /** The host file or folder mounted at {@code target} in {@code service}, or a parent folder's child. */
    static Optional<Path> mountSource(JsonNode services, String service, String target) {
        for (JsonNode volume : services.path(service).path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (target.equals(parts[1])) {
                return Optional.of(composeDir().resolve(parts[0]).normalize());
            }
            if (target.startsWith(parts[1] + "/")) {
                return Optional.of(composeDir().resolve(parts[0]).resolve(target.substring(parts[1].length() + 1)).normalize());
            }
        }
        return Optional.empty();
    }

    /** Where {@code source} is mounted in {@code service}. */
    static Optional<String> mountTarget(JsonNode services, String service, String source) {
        for (JsonNode volume : services.path(service).path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].equals(source)) {
                return Optional.of(parts[1]);
            }
        }
        return Optional.empty();
    }

    /** The host of the first {@code host:port}. */
    static String host(String hostPort) {
        return hostPort.split(",")[0].split(":")[0];
    }

    /** A YAML list (or nothing) as strings. */
    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
