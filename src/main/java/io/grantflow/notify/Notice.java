package io.grantflow.notify;

/**
 * One message to people: {@code key} names what it is about, so it is sent once however often it is found.
 */
record Notice(String key, String kind, String accountId, String subject, String body) {
}
