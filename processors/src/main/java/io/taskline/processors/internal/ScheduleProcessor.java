package io.taskline.processors.internal;

import io.taskline.producer.Recurrence;
import io.taskline.producer.ScheduleFire;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.Schedule;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the schedules of its {@code taskline.schedules} partition and fires the due ones.
 *
 * <p>Definitions and the time each schedule's fires are done through live in changelogged stores.
 * A wall-clock punctuator publishes every due fire as a task with an id derived from (schedule
 * id, fire time) and moves the done-through time; under exactly-once the tasks, their events,
 * the store updates and the input offsets commit in one transaction, so a crash, restart or
 * rebalance neither repeats a fire nor skips one. Only schedules of the queues this worker group
 * serves fire: every worker of a group runs the same topology, so they all agree, and another
 * group (serving other queues) does not fire them a second time.
 */
public final class ScheduleProcessor implements Processor<String, byte[], byte[], byte[]> {

    /** How often due schedules are looked for. */
    public static final Duration TICK = Duration.ofMillis(200);
    /** How long one tick may spend planning and firing before it leaves the rest to the next. */
    static final Duration WORK_PER_TICK = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(ScheduleProcessor.class);

    private final Set<String> queues;
    private final RecordCodec codec;
    private final String worker;
    private final Duration misfireThreshold;
    private final FirePlanner planner;
    private final ScheduleCache cache = new ScheduleCache();
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> definitions;
    private KeyValueStore<String, Long> firedThrough;
    /** The schedule the next tick starts at, when the last one ran out of time; null: the first. */
    private String resumeAt;

    /** Fires the schedules of {@code queues}, treating fires older than {@code misfireThreshold} as missed. */
    public ScheduleProcessor(Set<String> queues, RecordCodec codec, String worker, Duration misfireThreshold) {
        this.queues = Set.copyOf(queues);
        this.codec = codec;
        this.worker = worker;
        this.misfireThreshold = misfireThreshold;
        this.planner = new FirePlanner(misfireThreshold);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.resumeAt = null;
        this.definitions = ctx.getStateStore(ScheduleNodes.DEFINITIONS_STORE);
        this.firedThrough = ctx.getStateStore(ScheduleNodes.FIRED_THROUGH_STORE);
        ctx.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::fireDue);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String id = record.key();
        if (id == null) {
            log.warn("schedule record without a key ignored");
            return;
        }
        if (record.value() == null) {
            definitions.delete(id);
            firedThrough.delete(id);
            cache.forget(id);
            log.atInfo().addKeyValue("scheduleId", id).log("schedule removed");
            return;
        }
        Schedule next;
        try {
            next = codec.decode(record.value(), Schedule.class);
            Recurrence.of(next);
        } catch (UndecodableRecordException | IllegalArgumentException e) {
            log.atWarn().addKeyValue("scheduleId", id).addKeyValue("reason", e.getMessage()).log("schedule ignored");
            return;
        }
        byte[] previousBytes = definitions.get(id);
        Schedule previous = previousBytes == null ? null : codec.decode(previousBytes, Schedule.class);
        long now = context.currentSystemTimeMs();
        definitions.put(id, record.value());
        if (startsCounting(previous, next)) {
            firedThrough.put(id, Math.min(next.getUpdatedAt().toEpochMilli(), now));
        }
        if (isNewTrigger(previous, next, now) && queues.contains(next.getQueue())) {
            fire(new ScheduleFire(next, next.getTriggeredAt(), true), now);
        }
    }

    /** A new schedule, a changed recurrence or a resume counts fire times from its update on. */
    private static boolean startsCounting(Schedule previous, Schedule next) {
        return previous == null
                || !Objects.equals(previous.getCron(), next.getCron())
                || !Objects.equals(previous.getZone(), next.getZone())
                || !Objects.equals(previous.getEveryMs(), next.getEveryMs())
                || !Objects.equals(previous.getStartsAt(), next.getStartsAt())
                || (previous.getPaused() && !next.getPaused());
    }

    /**
     * A trigger time this partition has not seen. A schedule seen for the first time (a new
     * worker group reading the topic from the start) fires its trigger only if it is recent.
     */
    private boolean isNewTrigger(Schedule previous, Schedule next, long now) {
        Instant triggered = next.getTriggeredAt();
        if (triggered == null) {
            return false;
        }
        if (previous == null) {
            return now - triggered.toEpochMilli() <= misfireThreshold.toMillis();
        }
        return !triggered.equals(previous.getTriggeredAt());
    }

    private void fireDue(long now) {
        // Bounded, as the delay gate's tick is: after downtime many schedules may each plan up to
        // FIRE_ALL_CAP fire times, and one tick doing all of it could outlast the transaction
        // timeout, then be aborted and done again by the next owner, for ever. The schedules a
        // tick leaves are caught up by the next ones; those done already are quick to pass.
        long deadline = System.nanoTime() + WORK_PER_TICK.toNanos();
        // A tick goes on from where the last one stopped, so no schedule waits behind others for ever.
        String from = resumeAt;
        resumeAt = null;
        try (KeyValueIterator<String, byte[]> all = from == null ? definitions.all() : definitions.range(from, null)) {
            while (all.hasNext()) {
                var entry = all.next();
                if (System.nanoTime() >= deadline) {
                    resumeAt = entry.key;
                    return;
                }
                ScheduleCache.Entry schedule = cache.get(entry.key, entry.value, codec);
                if (!schedule.schedule().getPaused() && queues.contains(schedule.schedule().getQueue())) {
                    fireDue(schedule, now);
                }
            }
        }
    }

    private void fireDue(ScheduleCache.Entry entry, long now) {
        Schedule schedule = entry.schedule();
        Long through = firedThrough.get(schedule.getId());
        if (through == null) {
            through = Math.min(schedule.getUpdatedAt().toEpochMilli(), now);
            firedThrough.put(schedule.getId(), through);
        }
        Instant next = entry.nextAfter(through);
        if (next == null || next.toEpochMilli() > now) {
            return;
        }
        FirePlan plan = planner.plan(entry.recurrence(), schedule.getMisfire(), Instant.ofEpochMilli(through),
                Instant.ofEpochMilli(now));
        if (plan.missed() > 0) {
            log.atWarn().addKeyValue("scheduleId", schedule.getId()).addKeyValue("misfire", schedule.getMisfire())
                    .addKeyValue("missed", plan.missed() + (plan.capped() ? "+" : ""))
                    .addKeyValue("firing", plan.fires().size()).addKeyValue("since", next)
                    .log(plan.capped() && !plan.fires().isEmpty()
                            ? "schedule misfired; firing the first " + FirePlanner.FIRE_ALL_CAP + " missed times only"
                            : "schedule misfired");
        }
        plan.fires().forEach(fireTime -> fire(new ScheduleFire(schedule, fireTime, false), now));
        firedThrough.put(schedule.getId(), plan.firedThrough().toEpochMilli());
    }

    private void fire(ScheduleFire fire, long now) {
        Task task = fire.task(Instant.ofEpochMilli(now));
        RecordHeaders headers = new RecordHeaders();
        headers.add(TaskHeaders.TASK_ID, task.getId().getBytes(StandardCharsets.UTF_8));
        headers.add(TaskHeaders.TYPE, task.getType().getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(task.getKey().getBytes(StandardCharsets.UTF_8), codec.encode(task), now, headers),
                ScheduleNodes.taskSink(task.getQueue()));
        context.forward(TaskEvents.record(TaskEvents.of(TaskEventType.ENQUEUED, task, Instant.ofEpochMilli(now), worker)
                .build(), codec, now), ScheduleNodes.EVENTS_SINK);
        log.atInfo().addKeyValue("scheduleId", fire.schedule().getId()).addKeyValue("taskId", task.getId())
                .addKeyValue("queue", task.getQueue()).addKeyValue("type", task.getType())
                .addKeyValue("lateMs", now - fire.fireTime().toEpochMilli()).log("schedule fired");
    }
}
