package io.taskline.schemas;

/**
 * Names of the Kafka record headers Taskline writes, in one place.
 *
 * <p>Usage: {@code record.headers().lastHeader(TaskHeaders.DUE_AT)}. Values are UTF-8 strings.
 */
public final class TaskHeaders {

    /** On a tier record: epoch millis at which the task is due to run again. */
    public static final String DUE_AT = "taskline.due-at";
    /** On a dead letter: why it is there (exhausted attempts, non-retryable, undecodable...). */
    public static final String DLQ_REASON = "taskline.dlq.reason";
    /** On a dead letter: the topic the failed record was read from. */
    public static final String ORIGINAL_TOPIC = "taskline.original.topic";
    /** On a dead letter: the partition the failed record was read from. */
    public static final String ORIGINAL_PARTITION = "taskline.original.partition";
    /** On a dead letter: the offset of the failed record. */
    public static final String ORIGINAL_OFFSET = "taskline.original.offset";
    /** On a dead letter: "true" when the value is the raw bytes of a record that could not be decoded. */
    public static final String UNDECODABLE = "taskline.undecodable";
    /** The task id, so tools can find a task without decoding it. */
    public static final String TASK_ID = "taskline.task-id";
    /** The task type, so tools can filter without decoding. */
    public static final String TYPE = "taskline.type";
    /** In the envelope of a scheduled task: the id of the schedule that fired it. */
    public static final String SCHEDULE_ID = "taskline.schedule-id";
    /** In the envelope of a scheduled task: the fire time it was published for, ISO-8601. */
    public static final String FIRE_TIME = "taskline.fire-time";
    /** On the next step of a chain as the worker forwards it: the queue it goes to. */
    public static final String QUEUE = "taskline.queue";
    /** On a lifecycle event of a batch member: the batch id, so the batch tracker skips other events undecoded. */
    public static final String BATCH_ID = "taskline.batch-id";

    private TaskHeaders() {
    }
}
