package io.taskline.processors.internal;

import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Passes the lifecycle events of batch members on to {@code taskline.batch-events}, keyed by
 * batch id so that every event of one batch reaches the same tracker task. Only events of the
 * queues this worker serves: the worker serving a queue writes its events, so each event is
 * routed once however many worker groups read {@code taskline.events}. Events without the
 * batch header are skipped without being decoded.
 */
public final class BatchEventRouter implements Processor<byte[], byte[], byte[], byte[]> {

    private final Set<String> queues;
    private final RecordCodec codec;
    private ProcessorContext<byte[], byte[]> context;

    /** A router for the events of {@code queues}. */
    public BatchEventRouter(Set<String> queues, RecordCodec codec) {
        this.queues = Set.copyOf(queues);
        this.codec = codec;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null || record.headers().lastHeader(TaskHeaders.BATCH_ID) == null) {
            return;
        }
        TaskEvent event;
        try {
            event = codec.decode(record.value(), TaskEvent.class);
        } catch (UndecodableRecordException e) {
            return;
        }
        if (event.getBatchId() == null || !queues.contains(event.getQueue())
                || BatchMember.of(event.getEvent()).isEmpty()) {
            return;
        }
        context.forward(record.withKey(event.getBatchId().getBytes(StandardCharsets.UTF_8)), BatchNodes.ROUTED_SINK);
    }
}
