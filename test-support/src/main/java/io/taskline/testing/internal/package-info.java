/** The two brokers behind {@link io.taskline.testing.TasklineKafka} and the rule that picks one; not API. */
package io.taskline.testing.internal;
