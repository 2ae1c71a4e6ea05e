/**
 * What Grantflow and the edge agent share: token types, claim names, the call-in's wire records, the JWS checks and
 * the edge's signer, refusals with their stable codes. No Spring, no engine: open to every module.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.grantflow.protocol;
