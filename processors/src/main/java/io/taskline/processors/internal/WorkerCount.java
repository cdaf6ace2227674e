package io.taskline.processors.internal;

import io.taskline.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many worker processes are live in a worker group, from the group's members: each stream
 * thread is a member whose client id is {@code <process client id>-StreamThread-<n>-consumer}, so
 * processes are the distinct prefixes. Asked every interval and whenever {@link #askNow()} is
 * called (after a rebalance); each change goes to the listener, which re-divides cluster-scope
 * rate limits.
 *
 * <p>Usage: {@code WorkerCount.start(settings, "taskline-worker", Duration.ofSeconds(5), limits::instances)}
 */
public final class WorkerCount implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerCount.class);
    private static final Pattern THREAD_SUFFIX = Pattern.compile("-StreamThread-\\d+-consumer$");

    private final Admin admin;
    private final String group;
    private final IntConsumer listener;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "taskline-worker-count");
        t.setDaemon(true);
        return t;
    });
    private volatile int last = 1;

    private WorkerCount(Admin admin, String group, IntConsumer listener) {
        this.admin = admin;
        this.group = group;
        this.listener = listener;
    }

    /** Starts asking every {@code every}. */
    public static WorkerCount start(KafkaClientSettings settings, String group, Duration every, IntConsumer listener) {
        Admin admin = Admin.create(settings.with(AdminClientConfig.CLIENT_ID_CONFIG, "taskline-worker-count"));
        WorkerCount count = new WorkerCount(admin, group, listener);
        count.timer.scheduleWithFixedDelay(count::ask, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return count;
    }

    /** Asks again soon, e.g. because the group just rebalanced. */
    public void askNow() {
        timer.execute(this::ask);
    }

    /** The live worker processes last counted, at least 1 (this one). */
    public int count() {
        return last;
    }

    /** The process part of a stream thread's client id. */
    static String process(String clientId) {
        return THREAD_SUFFIX.matcher(clientId).replaceFirst("");
    }

    private void ask() {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(5, TimeUnit.SECONDS);
            Set<String> processes = new HashSet<>();
            for (MemberDescription member : description.members()) {
                processes.add(process(member.clientId()));
            }
            int n = Math.max(1, processes.size());
            if (n != last) {
                log.atInfo().addKeyValue("group", group).addKeyValue("workers", n)
                        .log("live workers changed; cluster-scope rate limits re-divided");
                last = n;
                listener.accept(n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.atDebug().addKeyValue("group", group).addKeyValue("error", e.toString()).log("could not count workers");
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
