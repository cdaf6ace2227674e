/**
 * Kafka for the test suites of services that use Taskline, the way the ecosystem starts it:
 * {@link io.taskline.testing.TasklineKafkaExtension} runs Testcontainers' {@code apache/kafka}
 * image when Docker is available and Taskline's real in-process broker
 * ({@code taskline-embedded-kafka}) when it is not, behind one interface,
 * {@link io.taskline.testing.TasklineKafka}. One broker serves every test of a JVM; give each
 * test its own topics.
 *
 * <p>Usage, with {@code io.taskline:taskline-test-support} as a test dependency:
 * <pre>{@code
 * @ExtendWith(TasklineKafkaExtension.class)
 * class WelcomeEmailIT {
 *     @Test
 *     void sendsTheMail(TasklineKafka kafka) throws Exception {
 *         Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers(),
 *                 "queues", "emails", "queue.emails.handler.welcome-email", WelcomeEmailHandler.class.getName());
 *         try (Worker worker = Worker.builder(new WorkerConfig(props)).build().start()) {
 *             worker.awaitRunning(Duration.ofSeconds(60));
 *             // publish with TaskPublisher, then assert on what the handler did
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>{@code -Dtaskline.test.kafka=embedded} (or {@code testcontainers}) forces a choice; the
 * default, {@code auto}, asks Testcontainers whether Docker is available. The container image is
 * {@value io.taskline.testing.internal.ContainerKafka#DEFAULT_IMAGE}, or the one named by
 * {@code -Dtaskline.test.kafka.image}.
 */
package io.taskline.testing;
