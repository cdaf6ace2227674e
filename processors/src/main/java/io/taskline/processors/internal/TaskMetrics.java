package io.taskline.processors.internal;

/** What the worker counts and times about tasks; {@link #NONE} for topologies built without metrics. */
public interface TaskMetrics {

    /** Outcome label of a task that succeeded. */
    String SUCCEEDED = "succeeded";
    /** Outcome label of a failed attempt sent to a tier. */
    String RETRIED = "retried";
    /** Outcome label of a task sent to the DLQ. */
    String DEAD = "dead";
    /** Outcome label of a record that could not be decoded. */
    String UNDECODABLE = "undecodable";

    /** Counts one outcome of a task of {@code type} on {@code queue}. */
    void outcome(String queue, String type, String outcome);

    /** Marks a task of {@code queue} as running ({@code +1}) or done ({@code -1}). */
    default void inFlight(String queue, int delta) {
    }

    /** Counts a task that became a dead letter. */
    default void deadLetter(String queue, String type) {
    }

    /** Records how long the handler ran. */
    void duration(String queue, String type, long millis);

    /** Records how long the task waited from publish to start. */
    void queueTime(String queue, String type, long millis);

    /** Metrics that record nothing. */
    TaskMetrics NONE = new TaskMetrics() {
        @Override
        public void outcome(String queue, String type, String outcome) {
        }

        @Override
        public void duration(String queue, String type, long millis) {
        }

        @Override
        public void queueTime(String queue, String type, long millis) {
        }
    };
}
