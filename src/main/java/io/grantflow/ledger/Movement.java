package io.grantflow.ledger;

/**
 * One movement of seats or credits. {@code movementId} is unique for ever: a retried step that repeats it
 * changes nothing (the engine may run a step twice), so build it from the step that makes it, e.g.
 * {@code "allocate:" + activationId + ":" + updateId}.
 */
public record Movement(
        String movementId,
        String poolId,
        String holderId,
        long amount,
        String reason,
        String proof,
        String processInstanceId,
        String actor) {

    public Movement {
        if (movementId == null || movementId.isBlank() || movementId.length() > 200) {
            throw new IllegalArgumentException("movementId is required (at most 200 characters)");
        }
        if (poolId == null || holderId == null || reason == null) {
            throw new IllegalArgumentException("poolId, holderId and reason are required");
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive, was " + amount);
        }
    }
}
