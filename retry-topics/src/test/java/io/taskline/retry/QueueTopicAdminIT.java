package io.taskline.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class QueueTopicAdminIT {

    private final KafkaClientSettings settings;
    private QueueTopicAdmin topicAdmin;
    private Admin admin;

    QueueTopicAdminIT(EmbeddedKafkaBroker broker) {
        this.settings = KafkaClientSettings.of(broker.bootstrapServers());
    }

    @BeforeEach
    void connect() {
        topicAdmin = QueueTopicAdmin.create(settings);
        admin = Admin.create(settings.asMap());
    }

    @AfterEach
    void disconnect() {
        topicAdmin.close();
        admin.close();
    }

    @Test
    void ensureCreatesTheQueueEachTierAndTheDlqWithTheSamePartitions() throws Exception {
        QueueSpec spec = QueueSpec.of(uniqueQueue("create"));

        QueueTopicAdmin.Result result = topicAdmin.ensure(spec, OptionalInt.of(4));

        List<String> expected = spec.topics().all(spec.tiers());
        assertThat(expected).hasSize(5);
        assertThat(result.created()).containsExactlyElementsOf(expected);
        assertThat(result.existing()).isEmpty();
        assertThat(result.partitions()).isEqualTo(4);
        Map<String, Integer> partitions = partitionCounts(expected);
        assertThat(partitions).containsOnlyKeys(expected);
        assertThat(partitions.values()).containsOnly(4);
    }

    @Test
    void withoutAPartitionCountANewQueueGetsTheDefault() throws Exception {
        QueueSpec spec = QueueSpec.of(uniqueQueue("default"));

        QueueTopicAdmin.Result result = topicAdmin.ensure(spec, OptionalInt.empty());

        assertThat(result.partitions()).isEqualTo(QueueTopicAdmin.DEFAULT_PARTITIONS);
        assertThat(partitionCounts(spec.topics().all(spec.tiers())).values())
                .containsOnly(QueueTopicAdmin.DEFAULT_PARTITIONS);
    }

    @Test
    void aSecondEnsureCreatesNothing() {
        QueueSpec spec = QueueSpec.of(uniqueQueue("twice"));
        topicAdmin.ensure(spec, OptionalInt.of(2));
        partitionCounts(spec.topics().all(spec.tiers()));

        QueueTopicAdmin.Result again = topicAdmin.ensure(spec, OptionalInt.of(2));
        QueueTopicAdmin.Result withoutCount = topicAdmin.ensure(spec, OptionalInt.empty());

        assertThat(again.created()).isEmpty();
        assertThat(again.existing()).containsExactlyElementsOf(spec.topics().all(spec.tiers()));
        assertThat(withoutCount.created()).isEmpty();
        assertThat(withoutCount.partitions()).as("an existing queue keeps its count").isEqualTo(2);
    }

    @Test
    void ensureAddsOnlyTheTopicsOfANewTier() {
        QueueSpec spec = QueueSpec.of(uniqueQueue("newtier"));
        topicAdmin.ensure(spec, OptionalInt.of(2));
        partitionCounts(spec.topics().all(spec.tiers()));

        QueueSpec withHourTier = spec.withTiers(List.of(Duration.ofSeconds(5), Duration.ofMinutes(1),
                Duration.ofMinutes(10), Duration.ofHours(1)));
        QueueTopicAdmin.Result result = topicAdmin.ensure(withHourTier, OptionalInt.empty());

        assertThat(result.created()).containsExactly(spec.topics().tier(Duration.ofHours(1)));
        assertThat(topicAdmin.describe(List.of(spec.topics().tier(Duration.ofHours(1)))))
                .containsValue(2);
    }

    @Test
    void anExistingQueueWithOtherPartitionsThanAskedIsAMismatchNamingTheTopicAndBothCounts() throws Exception {
        QueueSpec spec = QueueSpec.of(uniqueQueue("mismatch"));
        admin.createTopics(List.of(new NewTopic(spec.topics().queue(), Optional.of(3), Optional.empty())))
                .all().get();
        partitionCounts(List.of(spec.topics().queue()));

        assertThatThrownBy(() -> topicAdmin.ensure(spec, OptionalInt.of(6)))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageContaining(spec.topics().queue())
                .satisfies(e -> assertThat(e.getMessage().replace(spec.topics().queue(), "<queue>"))
                        .as("both partition counts are named")
                        .containsPattern("\\b3\\b")
                        .containsPattern("\\b6\\b"));
        assertThat(topicAdmin.describe(spec.topics().all(spec.tiers())))
                .as("nothing is created when topics disagree")
                .containsOnlyKeys(spec.topics().queue());
    }

    @Test
    void aTierWithOtherPartitionsThanItsQueueIsAMismatchEvenWithoutACount() throws Exception {
        QueueSpec spec = QueueSpec.of(uniqueQueue("tiermismatch"));
        String tier = spec.topics().tier(Duration.ofMinutes(1));
        admin.createTopics(List.of(
                new NewTopic(spec.topics().queue(), Optional.of(2), Optional.empty()),
                new NewTopic(tier, Optional.of(1), Optional.empty()))).all().get();
        partitionCounts(List.of(spec.topics().queue(), tier));

        assertThatThrownBy(() -> topicAdmin.ensure(spec, OptionalInt.empty()))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageContaining(tier + " has 1 partitions, expected 2");
    }

    @Test
    void theDlqKeepsDeadLettersForeverAndIsNeverCompacted() throws Exception {
        QueueSpec spec = QueueSpec.of(uniqueQueue("dlq"));
        topicAdmin.ensure(spec, OptionalInt.of(1));
        partitionCounts(spec.topics().all(spec.tiers()));

        ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, spec.topics().dlq());
        Config config = admin.describeConfigs(List.of(dlq)).all().get().get(dlq);

        assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
        assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
    }

    @Test
    void ensureTopicCreatesASharedTopicOnlyOnce() throws Exception {
        String name = uniqueQueue("shared.events");

        boolean first = topicAdmin.ensureTopic(name, 2, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"));
        partitionCounts(List.of(name));
        boolean second = topicAdmin.ensureTopic(name, 2, Map.of());

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
    }

    @Test
    void describeLeavesOutTopicsThatDoNotExist() {
        String missing = uniqueQueue("missing");

        assertThat(topicAdmin.describe(List.of(missing))).isEmpty();
    }

    /** Partition counts as a fresh admin client sees them, once broker metadata has caught up with the controller. */
    private Map<String, Integer> partitionCounts(List<String> topics) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        await().atMost(Duration.ofSeconds(10)).ignoreException(ExecutionException.class).untilAsserted(() -> {
            out.clear();
            admin.describeTopics(topics).allTopicNames().get()
                    .forEach((name, d) -> out.put(name, d.partitions().size()));
            assertThat(out).containsOnlyKeys(topics);
        });
        return out;
    }

    private static String uniqueQueue(String prefix) {
        return "admin-it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
