package io.taskline.cli.demo;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.processors.Worker;
import io.taskline.processors.WorkerConfig;
import io.taskline.producer.PublishedTask;
import io.taskline.producer.ScheduleClient;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.TaskEventType;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole pipeline on one machine: a real embedded broker, an SMTP server, a worker running the
 * example handlers; publishes tasks and shows each start, success, retry and death as it happens.
 *
 * <p>Usage: {@code int exit = new Demo(out, Path.of("taskline-output"), Duration.ofSeconds(90)).run();}
 */
public final class Demo {

    private static final String HANDLERS = "io.taskline.examples.";

    private final PrintWriter out;
    private final Path outputDir;
    private final Duration timeout;

    /** A demo printing to {@code out}, writing files under {@code outputDir}, giving up after {@code timeout}. */
    public Demo(PrintWriter out, Path outputDir, Duration timeout) {
        this.out = out;
        this.outputDir = outputDir.toAbsolutePath();
        this.timeout = timeout;
    }

    /** Runs the demo; returns 0 when every task ended as expected, 1 otherwise. */
    public int run() throws Exception {
        long started = System.nanoTime();
        // Truncated to seconds: some file systems keep modification times no finer than that.
        Instant runStarted = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path state = Files.createTempDirectory("taskline-demo-state");
        out.println("Taskline demo: starting a real Kafka broker (KRaft) in a temporary folder...");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
             DemoMailServer mail = DemoMailServer.start()) {
            out.println("  broker ready at " + broker.bootstrapServers() + "; SMTP server (GreenMail) on 127.0.0.1:"
                    + mail.port());
            KafkaClientSettings settings = KafkaClientSettings.of(broker.bootstrapServers());
            try (Worker worker = Worker.builder(new WorkerConfig(workerProps(broker, mail, state))).build().start()) {
                out.println("  worker started: queue '" + DemoTasks.QUEUE + "', tiers 1s and 3s, 3 attempts");
                worker.awaitRunning(Duration.ofSeconds(60));
                try (KafkaSchemaRegistry registry = KafkaSchemaRegistry.connect(settings);
                     DemoEventFeed feed = new DemoEventFeed(settings, new SingleObjectCodec(registry), out).start();
                     TaskPublisher publisher = TaskPublisher.create(
                             new TaskPublisherConfig(Map.of("bootstrap.servers", broker.bootstrapServers())));
                     ScheduleClient schedules = ScheduleClient.create(
                             new TaskPublisherConfig(Map.of("bootstrap.servers", broker.bootstrapServers())))) {
                    publish(publisher);
                    schedules.add(DemoTasks.schedule());
                    out.println("Scheduling '" + DemoTasks.SCHEDULE_ID + "': an echo every " + DemoTasks.EVERY.toSeconds()
                            + " s, fired by the worker (task ids " + DemoTasks.SCHEDULE_ID + "@<fire time>)");
                    out.println();
                    boolean done = awaitOutcomes(feed);
                    DemoSummary summary = new DemoSummary(out, outputDir, runStarted);
                    summary.print(feed, mail.saveAll(outputDir.resolve("emails")), elapsed(started));
                    return done ? 0 : 1;
                }
            }
        }
    }

    private void publish(TaskPublisher publisher) {
        out.println();
        out.println("Publishing " + DemoTasks.all().size() + " tasks: 3 welcome emails, 2 thumbnails, 2 PDF reports,"
                + " 1 echo, 1 flaky (fails twice), 1 that always fails");
        out.println();
        List<CompletableFuture<PublishedTask>> sent = publisher.publishAll(DemoTasks.all());
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        out.println("Publishing 1 echo due in " + DemoTasks.DELAY.toSeconds() + " s, and a chain: thumbnail -> report"
                + " -> echo (each step starts when the one before it succeeded)");
        out.println();
        publisher.publish(DemoTasks.delayed()).join();
        publisher.chain(DemoTasks.chain()).join();
        String batch = publisher.batch(DemoTasks.batchMembers(), DemoTasks.batchCallback()).join().batchId();
        out.println("Publishing a batch of " + DemoTasks.BATCH_SIZE + " echoes (" + DemoFormat.shortId(batch)
                + "); its callback 'batch-done' runs once when all have ended");
        out.println();
    }

    private boolean awaitOutcomes(DemoEventFeed feed) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (feed.tasksIn(TaskEventType.SUCCEEDED) >= DemoTasks.EXPECTED_SUCCEEDED
                    && feed.tasksIn(TaskEventType.DEAD) >= DemoTasks.EXPECTED_DEAD
                    && feed.scheduledSucceeded() >= DemoTasks.EXPECTED_FIRES) {
                return true;
            }
            Thread.sleep(100);
        }
        out.println("  the demo timed out after " + timeout.toSeconds() + " s before every task finished");
        return false;
    }

    private Map<String, Object> workerProps(EmbeddedKafkaBroker broker, DemoMailServer mail, Path state) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("queues", DemoTasks.QUEUE);
        props.put("worker.group", "taskline-demo");
        props.put("state.dir", state.toString());
        props.put("queue.demo.tiers", "1s,3s");
        props.put("queue.demo.max.attempts", "3");
        props.put("queue.demo.partitions", "3");
        props.put("queue.demo.handler.welcome-email", HANDLERS + "WelcomeEmailHandler");
        props.put("queue.demo.handler.thumbnail", HANDLERS + "ThumbnailHandler");
        props.put("queue.demo.handler.report", HANDLERS + "ReportHandler");
        props.put("queue.demo.handler.batch-done", HANDLERS + "BatchReportHandler");
        props.put("queue.demo.handler.flaky", HANDLERS + "FlakyHandler");
        props.put("queue.demo.handler.echo", HANDLERS + "EchoHandler");
        props.put("queue.demo.handler.always-fail", HANDLERS + "AlwaysFailHandler");
        props.put("examples.smtp.host", "127.0.0.1");
        props.put("examples.smtp.port", Integer.toString(mail.port()));
        props.put("examples.output.dir", outputDir.toString());
        return props;
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
