package io.taskline.cli;

import static io.taskline.cli.ComposeFiles.host;
import static io.taskline.cli.ComposeFiles.mountSource;
import static io.taskline.cli.ComposeFiles.mountTarget;
import static io.taskline.cli.ComposeFiles.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskline.examples.ExamplesConfig;
import io.taskline.processors.WorkerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The compose stack, Prometheus, its alert rules, Grafana's provisioning, the dashboard and the
 * Dockerfile parse and refer to each other consistently. (No Docker engine runs here: this is what
 * can be checked without starting them; DashboardMetricsIT checks the metric names against a worker.)
 */
class ComposeFilesTest {

    private final Path dir = ComposeFiles.composeDir();
    private final JsonNode compose = ComposeFiles.compose();
    private final JsonNode services = compose.path("services");
    private final Map<String, String> worker = ComposeFiles.workerProperties();
    private final int metricsPort = Integer.parseInt(worker.get(WorkerConfig.METRICS_PORT_CONFIG));

    @Test
    void everyFileTheComposeFileMountsOrBuildsFromExists() {
        List<String> missing = new ArrayList<>();
        services.properties().forEach(service -> {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    if (!Files.exists(dir.resolve(source).normalize())) {
                        missing.add(service.getKey() + ": " + source);
                    }
                } else {
                    assertThat(compose.path("volumes").has(source)).as("named volume %s is declared", source).isTrue();
                }
            }
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = dir.resolve(build.path("context").asText()).normalize();
                assertThat(context.resolve(build.path("dockerfile").asText())).isRegularFile();
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void workersRunOnTheMountedConfigAndReportReadyOnTheMetricsPort() {
        List<String> workers = workerServices();
        assertThat(workers).hasSizeGreaterThanOrEqualTo(2);
        for (String name : workers) {
            JsonNode service = services.path(name);
            List<String> command = strings(service.path("command"));
            String config = command.get(command.indexOf("--config") + 1);
            assertThat(mountTarget(services, name, "./worker.properties")).as(name).contains(config);
            assertThat(String.join(" ", strings(service.path("healthcheck").path("test"))))
                    .as(name).contains("/health/ready").contains(Integer.toString(metricsPort));
            assertThat(service.path("depends_on").has("topics")).as(name).isTrue();
        }
    }

    @Test
    void workerPropertiesAreAValidWorkerConfigPointingAtComposeServices() throws Exception {
        WorkerConfig config = new WorkerConfig(worker);
        new ExamplesConfig(worker);
        for (String queue : config.queues()) {
            for (String handler : config.handlerClasses(queue).values()) {
                Class.forName(handler);
            }
        }
        assertThat(services.has(host(worker.get(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG)))).isTrue();
        assertThat(services.has(worker.get(ExamplesConfig.SMTP_HOST_CONFIG))).isTrue();
        assertThat(services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText())
                .contains("//" + worker.get(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    @Test
    void theTopicsStepCreatesTheQueueTheWorkersServeWithTheSameTiersAndPartitions() {
        List<String> command = strings(services.path("topics").path("command"));
        String queue = option(command, "--queue");
        assertThat(new WorkerConfig(worker).queues()).containsExactly(queue);
        assertThat(option(command, "--tiers")).isEqualTo(worker.get(WorkerConfig.queueKey(queue, WorkerConfig.TIERS_SUFFIX)));
        assertThat(option(command, "--partitions"))
                .isEqualTo(worker.get(WorkerConfig.queueKey(queue, WorkerConfig.PARTITIONS_SUFFIX)));
        assertThat(option(command, "--bootstrap-servers")).isEqualTo(worker.get(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    @Test
    void prometheusScrapesEveryWorkerOnTheMetricsPortAndProbesItsReadiness() {
        Set<String> expectedTargets = new TreeSet<>();
        Set<String> expectedProbes = new TreeSet<>();
        workerServices().forEach(w -> {
            expectedTargets.add(w + ":" + metricsPort);
            expectedProbes.add("http://" + w + ":" + metricsPort + "/health/ready");
        });
        JsonNode metrics = scrapeJob("taskline-workers");
        assertThat(metrics.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
        assertThat(targets(metrics)).isEqualTo(expectedTargets);

        JsonNode readiness = scrapeJob("taskline-readiness");
        assertThat(targets(readiness)).isEqualTo(expectedProbes);
        String prober = null;
        for (JsonNode relabel : readiness.path("relabel_configs")) {
            if (relabel.path("target_label").asText().equals("__address__")) {
                prober = relabel.path("replacement").asText();
            }
        }
        assertThat(prober).isNotNull();
        assertThat(services.has(host(prober))).as("prober %s is a compose service", prober).isTrue();
        String module = readiness.path("params").path("module").get(0).asText();
        String blackboxConfig = strings(services.path(host(prober)).path("command")).get(0).replace("--config.file=", "");
        JsonNode blackbox = ComposeFiles.yaml(mountSource(services, host(prober), blackboxConfig).orElseThrow());
        assertThat(blackbox.path("modules").has(module)).isTrue();
    }

    @Test
    void prometheusReadsTheMountedConfigAndRuleFiles() {
        String configFile = strings(services.path("prometheus").path("command")).stream()
                .filter(a -> a.startsWith("--config.file=")).findFirst().orElseThrow().substring("--config.file=".length());
        assertThat(mountSource(services, "prometheus", configFile)).contains(dir.resolve("prometheus/prometheus.yml").normalize());
        List<String> ruleFiles = strings(prometheus().path("rule_files"));
        assertThat(ruleFiles).isNotEmpty();
        for (String ruleFile : ruleFiles) {
            assertThat(mountSource(services, "prometheus", ruleFile)).as(ruleFile)
                    .contains(dir.resolve("prometheus/alerts.yml").normalize());
        }
    }

    @Test
    void alertRulesAreCompleteAndCoverQueueAgeDeadLettersAndWorkerHealth() {
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : ComposeFiles.alerts().path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                alerts.add(name);
                assertThat(rule.path("expr").asText()).as(name).isNotBlank();
                assertThat(rule.path("for").asText()).as(name).matches("\\d+[smh]");
                assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
            }
        }
        String all = String.join("\n", ComposeFiles.alertExpressions());
        assertThat(all).contains("taskline_queue_lag_seconds", "taskline_dead_letters_total", "taskline_dlq_records",
                "up{", "probe_success{");
        assertThat(alerts).doesNotHaveDuplicates();
    }

    @Test
    void seriesMadeByPrometheusAreReadOnlyForItsOwnScrapeJobs() {
        Set<String> jobs = new HashSet<>();
        prometheus().path("scrape_configs").forEach(j -> jobs.add(j.path("job_name").asText()));
        List<String> expressions = new ArrayList<>(ComposeFiles.alertExpressions());
        expressions.addAll(ComposeFiles.dashboardExpressions());
        Pattern generated = Pattern.compile("\\b(" + String.join("|", PromQl.MADE_BY_PROMETHEUS) + ")(\\{[^}]*})?");
        for (String expr : expressions) {
            Matcher m = generated.matcher(expr);
            while (m.find()) {
                Matcher job = Pattern.compile("job=\"([^\"]+)\"").matcher(m.group(2) == null ? "" : m.group(2));
                assertThat(job.find()).as("%s in %s names its job", m.group(1), expr).isTrue();
                assertThat(jobs).as(expr).contains(job.group(1));
            }
        }
    }

    @Test
    void everyDashboardQueryUsesTheProvisionedPrometheusDatasource() {
        JsonNode datasources = ComposeFiles.yaml(dir.resolve("grafana/provisioning/datasources/prometheus.yml")).path("datasources");
        assertThat(datasources).hasSize(1);
        JsonNode provisioned = datasources.get(0);
        URI url = URI.create(provisioned.path("url").asText());
        assertThat(services.has(url.getHost())).isTrue();
        assertThat(url.getPort()).isEqualTo(9090);
        String uid = provisioned.path("uid").asText();
        assertThat(uid).isNotBlank();

        JsonNode dashboard = ComposeFiles.dashboard();
        List<JsonNode> references = new ArrayList<>();
        for (JsonNode panel : ComposeFiles.panels(dashboard)) {
            references.add(panel.path("datasource"));
            panel.path("targets").forEach(t -> references.add(t.path("datasource")));
        }
        dashboard.path("templating").path("list").forEach(v -> references.add(v.path("datasource")));
        assertThat(references).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref.path("uid").asText()).isEqualTo(uid);
            assertThat(ref.path("type").asText()).isEqualTo(provisioned.path("type").asText());
        });
    }

    @Test
    void grafanaLoadsTheDashboardFromTheMountedFolderAndProvisioningFiles() {
        assertThat(mountSource(services, "grafana", "/etc/grafana/provisioning/datasources"))
                .contains(dir.resolve("grafana/provisioning/datasources").normalize());
        assertThat(mountSource(services, "grafana", "/etc/grafana/provisioning/dashboards"))
                .contains(dir.resolve("grafana/provisioning/dashboards").normalize());
        JsonNode providers = ComposeFiles.yaml(dir.resolve("grafana/provisioning/dashboards/taskline.yml")).path("providers");
        String path = providers.get(0).path("options").path("path").asText();
        Path folder = mountSource(services, "grafana", path).orElseThrow();
        assertThat(folder.resolve("taskline.json")).isRegularFile();
    }

    @Test
    void theDashboardShowsWhatOperatorsWatch() {
        String all = String.join("\n", ComposeFiles.dashboardExpressions());
        assertThat(all).contains("sum by (outcome) (rate(taskline_tasks_total",
                "histogram_quantile(0.5, sum by (le, queue) (rate(taskline_task_queue_time_seconds_bucket",
                "histogram_quantile(0.99, sum by (le, queue) (rate(taskline_task_queue_time_seconds_bucket",
                "taskline_queue_lag_records", "taskline_queue_lag_seconds", "taskline_retry_tier_depth",
                "increase(taskline_dead_letters_total", "taskline_dlq_records", "taskline_tasks_in_flight");
    }

    @Test
    void theDockerfileBuildsWithTheLaunchersCommandAndRunsTheJarAsANonRootUser() {
        String launcher = ComposeFiles.text(ComposeFiles.root().resolve("taskline"));
        Matcher build = Pattern.compile("&& (mvn [^)\\n]*)\\)").matcher(launcher);
        assertThat(build.find()).as("the launcher's build command").isTrue();
        String dockerfile = ComposeFiles.text(ComposeFiles.root().resolve("Dockerfile"));
        String[] stages = dockerfile.split("(?m)^FROM ");
        assertThat(stages).hasSize(3);
        assertThat(stages[1]).startsWith("maven:3.9-eclipse-temurin-17 AS build");
        List<String> runs = stages[1].lines().filter(l -> l.startsWith("RUN ")).toList();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0)).endsWith(" " + build.group(1));
        assertThat(stages[2]).startsWith("eclipse-temurin:17-jre")
                .contains("COPY --from=build /src/cli/target/taskline.jar /app/taskline.jar")
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/taskline.jar\"]")
                .contains("EXPOSE " + metricsPort);
        Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(stages[2]);
        assertThat(user.find()).isTrue();
        assertThat(user.group(1).split(":")[0]).isNotIn("root", "0");
        assertThat(ComposeFiles.text(ComposeFiles.root().resolve(".dockerignore")).lines())
                .doesNotContain("*", "pom.xml", "cli", "schemas", "taskline").contains("**/target");
    }

    private JsonNode prometheus() {
        return ComposeFiles.yaml(dir.resolve("prometheus/prometheus.yml"));
    }

    private JsonNode scrapeJob(String name) {
        for (JsonNode job : prometheus().path("scrape_configs")) {
            if (job.path("job_name").asText().equals(name)) {
                return job;
            }
        }
        throw new AssertionError("no scrape job " + name);
    }

    private static Set<String> targets(JsonNode job) {
        Set<String> out = new TreeSet<>();
        job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> out.add(t.asText())));
        return out;
    }

    private List<String> workerServices() {
        List<String> out = new ArrayList<>();
        services.properties().forEach(s -> {
            List<String> command = strings(s.getValue().path("command"));
            if (!command.isEmpty() && command.get(0).equals("worker")) {
                out.add(s.getKey());
            }
        });
        return out;
    }

    private static String option(List<String> command, String name) {
        int at = command.indexOf(name);
        assertThat(at).as("%s in %s", name, command).isNotNegative();
        return command.get(at + 1);
    }
}
