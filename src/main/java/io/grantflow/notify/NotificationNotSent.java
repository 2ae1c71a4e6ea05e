package io.grantflow.notify;

/** A notice could not be built or sent; its event publication stays incomplete, to be sent again. */
class NotificationNotSent extends RuntimeException {

    NotificationNotSent(RuntimeException cause) {
        super(cause.toString(), cause);
    }
}
