package io.grantflow.activation;

/**
 * The BPMN ids of the activation processes that Java refers to: process keys, activities, tasks. Each process has
 * its own holder, so a renamed element in a model is renamed here and nowhere else. Variable and message names
 * live in {@link ActivationVariables}.
 */
final class ActivationProcesses {

    private ActivationProcesses() {
    }

    /** remote-activation-add. */
    static final class Add {
        static final String KEY = "remote-activation-add";

        private Add() {
        }
    }

    /** remote-activation-update. */
    static final class Update {
        static final String KEY = "remote-activation-update";
        static final String CONFIGURE_SEATS = "UserTask_ConfigureSeats";
        static final String CONFIRM_REDUCTION = "UserTask_ConfirmReduction";

        private Update() {
        }
    }

    /** remote-activation-lifecycle. */
    static final class Lifecycle {
        static final String KEY = "remote-activation-lifecycle";

        private Lifecycle() {
        }
    }

    /** remote-activation-disconnect. */
    static final class Disconnect {
        static final String KEY = "remote-activation-disconnect";

        private Disconnect() {
        }
    }
}
