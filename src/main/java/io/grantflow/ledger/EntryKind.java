package io.grantflow.ledger;

/** What a ledger row did to its pool, and so how the verifier replays it. */
public enum EntryKind {
    /** The pool's first row: its total becomes available. */
    OPEN,
    /** available → holder. */
    ALLOCATE,
    /** holder → available. */
    RELEASE,
    /** holder → pending: held by nobody until posted or voided (two-phase). */
    PENDING_RELEASE,
    /** pending → available. */
    POST_RELEASE,
    /** pending → holder again. */
    VOID_RELEASE
}
