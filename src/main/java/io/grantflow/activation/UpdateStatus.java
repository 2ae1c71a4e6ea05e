package io.grantflow.activation;

/** Where an update stands, as the API shows it. */
enum UpdateStatus {
    AWAITING_SEAT_CONFIGURATION, AWAITING_REDUCTION_APPROVAL, CONNECTION_TOKEN_READY, APPLIED, REJECTED, EXPIRED
}
