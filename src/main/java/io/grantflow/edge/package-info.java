/**
 * The edge: the call-in endpoint installations and HOME systems talk to ({@link io.grantflow.edge.CallInHandler} is
 * how features take part), and in {@code edge.agent} (internal) the edge agent, a command-line mode of the same jar
 * that knows only the protocol (ModularityTest).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"protocol", "tokens"})
package io.grantflow.edge;
