package io.grantflow.activation;

/** Where an update stands, as the API shows it. */
enum UpdateStatus {
    AWAITING_SEAT_CONFIGURATION, AWAITING_REDUCTION_APPROVAL, CONNECTION_TOKEN_READY, APPLIED, REJECTED, EXPIRED;

    /** The status as the pages say it. */
    public String words() {
        return switch (this) {
            case AWAITING_SEAT_CONFIGURATION -> "Waiting for its seats to be configured";
            case AWAITING_REDUCTION_APPROVAL -> "Waiting for a second person to approve the reduction";
            case CONNECTION_TOKEN_READY -> "Saved: the new connection token is ready for the installation";
            case APPLIED -> "Applied by the installation";
            case REJECTED -> "Refused: the reduction was not approved";
            case EXPIRED -> "Expired before it was configured or approved";
        };
    }
}
