package io.grantflow.credits;

/** {@code CANCELLED} stays usable until {@code endsAt}, shown with a warning; {@code INACTIVE} never. */
public enum SubscriptionState { ACTIVE, CANCELLED, INACTIVE }
