package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheHistogramSeriesInsideAQuantileOverARate() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, queue) "
                + "(rate(taskline_task_queue_time_seconds_bucket{queue=~\"$queue\"}[$__rate_interval])))"))
                .containsExactly("taskline_task_queue_time_seconds_bucket");
    }

    @Test
    void skipsLabelsInMatchersGroupingsAndStrings() {
        assertThat(PromQl.metricNames("sum by (queue, outcome) (rate(taskline_tasks_total{outcome=\"dead\",type!~\"x_y\"}[5m])) "
                + "/ on (queue) group_left (type) sum without (instance) (taskline_tasks_in_flight)"))
                .containsExactly("taskline_tasks_in_flight", "taskline_tasks_total");
    }

    @Test
    void skipsKeywordsDurationsOffsetsAndNumbers() {
        assertThat(PromQl.metricNames("max by (queue) (taskline_dlq_records) - max by (queue) "
                + "(taskline_dlq_records offset 10m) > 1e3 and bool up == 0"))
                .containsExactly("taskline_dlq_records", "up");
    }

    @Test
    void findsEveryOperandOfABinaryExpression() {
        assertThat(PromQl.metricNames("sum(rate(a_sum[1m])) / sum(rate(a_count[1m])) or vector(0) unless b"))
                .containsExactly("a_count", "a_sum", "b");
    }

    @Test
    void readsTheMetricOfAGrafanaLabelValuesQuery() {
        assertThat(PromQl.labelValuesMetric("label_values(taskline_tasks_total, queue)")).contains("taskline_tasks_total");
        assertThat(PromQl.labelValuesMetric("query_result(up)")).isEmpty();
    }
}
