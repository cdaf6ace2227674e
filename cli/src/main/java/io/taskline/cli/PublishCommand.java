package io.taskline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.producer.InvalidTaskException;
import io.taskline.producer.PublishedChain;
import io.taskline.producer.PublishedTask;
import io.taskline.producer.RunTime;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.JsonRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code taskline publish}: publishes one task from a JSON payload, or every task of a JSON-lines
 * file, and waits for Kafka to acknowledge them. Payloads are checked against the schema the
 * type's workers bound; a file with one bad line is refused whole, before anything is sent.
 *
 * <p>Usage: {@code taskline publish --queue demo --type echo --payload-json '{"message": "hi"}'} or
 * {@code taskline publish --queue demo --file tasks.jsonl}; {@code --chain steps.jsonl} publishes the
 * lines as a chain; {@code --delay 30s} or {@code --at TIME} runs the tasks (or the chain's first step) later.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a task (--type and --payload-json) or a file of tasks (--file, one JSON object per line),"
                + " to run now, after --delay or at --at.")
public final class PublishCommand implements Callable<Integer> {

    @Mixin
    private GlobalOptions global;

    @Mixin
    private RunTimeOptions later;

    @Spec
    private CommandSpec spec;

    @Option(names = "--queue", required = true, paramLabel = "QUEUE", description = "The queue to publish on.")
    private String queue;

    @Option(names = "--type", paramLabel = "TYPE", description = "The task type, naming its handler.")
    private String type;

    @Option(names = "--payload-json", paramLabel = "JSON", description = "The payload as plain JSON.")
    private String payloadJson;

    @Option(names = "--key", paramLabel = "KEY", description = "Ordering key: tasks with the same key run in order.")
    private String key;

    @Option(names = "--id", paramLabel = "ID", description = "Task id (idempotency key); default a new UUID.")
    private String id;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Overrides the queue's max attempts.")
    private Integer maxAttempts;

    @Option(names = "--file", paramLabel = "FILE", description = "JSON lines {\"type\", \"key\", \"id\", "
            + "\"maxAttempts\", \"payload\"}; - reads stdin.")
    private String file;

    @Option(names = "--chain", paramLabel = "FILE", description = "Like --file, but the tasks form a chain: each "
            + "line's task runs only after the one before it succeeded; - reads stdin.")
    private String chain;

    @Option(names = "--json", description = "Print one JSON object per published task.")
    private boolean json;

    @Override
    public Integer call() {
        validateOptions();
        RunTime runTime = later.runTime(Instant.now());
        String source = file != null ? file : chain;
        List<TaskLines.Line> lines = source != null ? TaskLines.parse(readLines(source)) : null;
        JsonNode payload = source == null ? JsonRecords.parse(payloadJson) : null;
        CliConfig config = global.reachableConfig();
        try (TaskPublisher publisher = TaskPublisher.create(new TaskPublisherConfig(config.properties()))) {
            publisher.requireQueue(queue);
            PayloadSchemas schemas = new PayloadSchemas(queue, publisher.registry());
            if (lines == null) {
                publishOne(publisher, schemas, payload, runTime);
            } else if (chain != null) {
                publishChain(publisher, schemas, lines, runTime);
            } else {
                publishLines(publisher, schemas, lines, runTime);
            }
        }
        return ExitCodes.OK;
    }

    private void validateOptions() {
        if (maxAttempts != null && maxAttempts < 1) {
            throw new ParameterException(spec.commandLine(), "--max-attempts must be at least 1, was " + maxAttempts);
        }
        if (file != null && chain != null) {
            throw new ParameterException(spec.commandLine(), "--file and --chain cannot be combined");
        }
        if (file != null || chain != null) {
            if (type != null || payloadJson != null || key != null || id != null) {
                throw new ParameterException(spec.commandLine(), (file != null ? "--file" : "--chain")
                        + " cannot be combined with --type, --payload-json, --key or --id");
            }
        } else if (type == null || payloadJson == null) {
            String missing = type == null && payloadJson == null ? "--type and --payload-json"
                    : type == null ? "--type" : "--payload-json";
            throw new ParameterException(spec.commandLine(), "missing " + missing
                    + " (a task needs --type and --payload-json; or give --file or --chain)");
        }
    }

    private void publishOne(TaskPublisher publisher, PayloadSchemas schemas, JsonNode payload, RunTime runTime) {
        TaskRequest.Builder request = TaskRequest.to(queue).type(type).key(key).id(id).runTime(runTime)
                .payload((GenericContainer) JsonRecords.fromJson(payload, schemas.of(type)));
        if (maxAttempts != null) {
            request.maxAttempts(maxAttempts);
        }
        PublishedTask task = Acks.await(List.of(publisher.publish(request.build()))).get(0);
        if (json) {
            JsonOutput.println(global.out(), Acks.toJson(task));
        } else {
            global.out().println(task.id());
            global.out().flush();
        }
    }

    private void publishLines(TaskPublisher publisher, PayloadSchemas schemas, List<TaskLines.Line> lines,
                              RunTime runTime) {
        List<TaskRequest> requests = TaskLines.toRequests(queue, lines, schemas::of, maxAttempts, runTime);
        List<PublishedTask> tasks;
        try {
            tasks = Acks.await(publisher.publishAll(requests));
        } catch (InvalidTaskException e) {
            throw atLine(e, lines);
        }
        PrintWriter out = global.out();
        if (json) {
            tasks.forEach(task -> JsonOutput.println(out, Acks.toJson(task)));
        } else {
            out.println("published " + tasks.size() + " tasks");
            out.flush();
        }
    }

    private void publishChain(TaskPublisher publisher, PayloadSchemas schemas, List<TaskLines.Line> lines,
                              RunTime runTime) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("the chain file has no steps");
        }
        // --delay/--at delay the first step; each later step runs when the one before it succeeds.
        List<TaskRequest> steps = new ArrayList<>(TaskLines.toRequests(queue, lines.subList(0, 1), schemas::of,
                maxAttempts, runTime));
        steps.addAll(TaskLines.toRequests(queue, lines.subList(1, lines.size()), schemas::of, maxAttempts,
                RunTime.now()));
        PublishedChain published;
        try {
            published = publisher.chain(steps).join();
        } catch (InvalidTaskException e) {
            throw atLine(e, lines);
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("the chain's first step was not acknowledged: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), e);
        }
        PrintWriter out = global.out();
        if (json) {
            ObjectNode node = JsonOutput.object().put("workflowId", published.workflowId());
            ArrayNode ids = node.putArray("stepIds");
            published.stepIds().forEach(ids::add);
            JsonOutput.println(out, node);
        } else {
            out.println("published a chain of " + published.stepIds().size() + " steps: "
                    + String.join(" -> ", published.stepIds()));
            out.flush();
        }
    }

    /** Restates the publisher's task index (0-based, blank lines not counted) as the file's line number. */
    private static InvalidTaskException atLine(InvalidTaskException e, List<TaskLines.Line> lines) {
        int index = e.taskIndex().orElse(-1);
        if (index >= 0 && index < lines.size()) {
            return new InvalidTaskException("line " + lines.get(index).number() + ": " + e.reason(), e);
        }
        return e;
    }

    private static List<String> readLines(String file) {
        if ("-".equals(file)) {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                return in.lines().toList();
            } catch (java.io.UncheckedIOException e) {
                throw new IllegalArgumentException("cannot read stdin: " + e.getMessage());
            }
        }
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file " + file + " not found");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
