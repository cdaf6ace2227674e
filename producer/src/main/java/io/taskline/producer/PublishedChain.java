package io.taskline.producer;

import java.util.List;

/**
 * A published chain: its id and the ids of its steps, in order. Only the first step is on a
 * queue yet; each later one is published when the step before it succeeds.
 *
 * <p>Usage: {@code String last = publisher.chain(steps).join().stepIds().get(2);}
 *
 * @param workflowId the id every step carries as its workflow id (the first step's id)
 * @param stepIds the task id of each step, in order
 * @param first where the first step landed
 */
public record PublishedChain(String workflowId, List<String> stepIds, PublishedTask first) {

    /** Copies the list. */
    public PublishedChain {
        stepIds = List.copyOf(stepIds);
    }
}
