package io.grantflow.security;

import java.util.Set;

/**
 * Models besides the jar's that a mode of Grantflow other than the server deploys itself: the bench's baseline flows,
 * the tests' test models. There is no setting for it: only code that starts its own context registers one.
 */
public interface ModelAllowance {

    /** Whether this resource, besides the shipped models, may be deployed. */
    boolean allows(String resourceName, byte[] bytes);

    /** The beans these models name in their expressions (delegates, listeners). */
    Set<String> delegateBeans();
}
